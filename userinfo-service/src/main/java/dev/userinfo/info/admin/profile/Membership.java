package dev.userinfo.info.admin.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Roles a user holds in one organisation (seed 002's orgList entry). */
@RegisterForReflection
public record Membership(Long user_id, Long org_id, List<Long> role_ids) {
}
