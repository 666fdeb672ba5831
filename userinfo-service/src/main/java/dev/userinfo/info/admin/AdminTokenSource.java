package dev.userinfo.info.admin;

import dev.userinfo.contracts.admin.AdminToken;
import dev.userinfo.info.config.UserinfoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands {@code userinfo.admin.token} to the shared admin credential filter (platform-contracts reads no service config). */
@ApplicationScoped
public class AdminTokenSource {

    @Produces
    @Singleton   // a record cannot be proxied, so not @ApplicationScoped
    AdminToken adminToken(UserinfoConfig config) {
        return new AdminToken(config.admin().token());
    }
}
