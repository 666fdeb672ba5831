package dev.userinfo.info.admin.app;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An app (seed 004's appid) and whether it may read other users (seed 002). */
@RegisterForReflection
public record App(Long app_id, String client_id, Boolean directory_access) {
}
