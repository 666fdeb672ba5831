package dev.userinfo.info.admin.org;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An organisation (seed 002's orgList entry); JSON names snake_case like the rest of our own APIs. */
@RegisterForReflection
public record Org(Long org_id, String org_code, String org_name) {
}
