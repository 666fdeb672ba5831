package dev.userinfo.auth.admin;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.contracts.admin.AdminToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands {@code auth.admin.token} to the shared admin credential filter (platform-contracts reads no service config). */
@ApplicationScoped
public class AdminTokenSource {

    @Produces
    @Singleton   // a record cannot be proxied, so not @ApplicationScoped
    AdminToken adminToken(AuthConfig config) {
        return new AdminToken(config.admin().token());
    }
}
