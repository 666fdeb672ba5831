package dev.userinfo.contracts.admin;

import java.util.Optional;

/**
 * The static operator bearer token of a service's admin API, produced by the service from its own {@code @ConfigMapping}
 * so this module reads no service configuration. Empty or blank: the admin API refuses everyone.
 */
public record AdminToken(Optional<String> value) {
}
