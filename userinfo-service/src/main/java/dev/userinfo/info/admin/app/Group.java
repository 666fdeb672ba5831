package dev.userinfo.info.admin.app;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user group of an app (seed 004): 0 whitelist, 1 blacklist, 2 and up custom. */
@RegisterForReflection
public record Group(Long app_id, Integer group_id, String name) {
}
