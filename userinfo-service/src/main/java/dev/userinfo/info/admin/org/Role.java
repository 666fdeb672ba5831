package dev.userinfo.info.admin.org;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A role a member holds in an organisation (seed 002's roleList entry). */
@RegisterForReflection
public record Role(Long role_id, String role_code, String role_name) {
}
