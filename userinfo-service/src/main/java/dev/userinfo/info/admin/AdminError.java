package dev.userinfo.info.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Error body of the admin API. */
@RegisterForReflection
public record AdminError(String error, String message) {
}
