package dev.userinfo.info.admin.app;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user in a group of an app. */
@RegisterForReflection
public record GroupMember(Long app_id, Integer group_id, Long user_id) {
}
