package dev.userinfo.quota.admin;

import dev.userinfo.contracts.admin.AdminToken;
import dev.userinfo.quota.config.AdminConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands {@code quota.admin.token} to the shared admin credential (platform-contracts reads no service config). */
@ApplicationScoped
public class AdminTokenSource {

    @Produces
    @Singleton   // a record cannot be proxied, so not @ApplicationScoped
    AdminToken adminToken(AdminConfig config) {
        return new AdminToken(config.token());
    }
}
