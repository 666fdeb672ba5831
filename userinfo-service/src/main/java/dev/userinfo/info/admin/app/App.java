package dev.userinfo.info.admin.app;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An app as auth-service announced it (docs/internal-contracts.md §5: seed 004's appid, client_id, name, status,
 * version) and what this service adds: whether it may read other users (seed 002).
 */
@RegisterForReflection
public record App(Long app_id, String client_id, String name, String status, Long version, Boolean directory_access) {
}
