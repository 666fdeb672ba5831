package dev.userinfo.info.admin.app;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an operator sets here of an app auth-service announced: whether it may read users other than its token's own
 * (seed 002); absent means no. Its identity (client_id, name, status) is changed at auth-service only. {@code app_id}
 * names the app in an import line; the PUT's path names it there.
 */
@RegisterForReflection
public record AppAccess(Long app_id, Boolean directory_access) {
}
