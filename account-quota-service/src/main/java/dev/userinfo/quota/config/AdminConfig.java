package dev.userinfo.quota.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The static admin credential, {@code quota.admin.token}: named like {@code auth.admin.token} and
 * {@code userinfo.admin.token} (env {@code QUOTA_ADMIN_TOKEN}) so the three services are configured alike (issue #18).
 */
@ConfigMapping(prefix = "quota.admin")
public interface AdminConfig {

    /** Bearer credential for automation and bootstrap (actor {@code admin-token}); unset or blank: not accepted. */
    Optional<String> token();
}
