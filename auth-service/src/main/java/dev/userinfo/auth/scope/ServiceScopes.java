package dev.userinfo.auth.scope;

import dev.userinfo.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Scopes for first-party services, outside the consent catalogue ({@link Scope}): no consent page shows them, no
 * user grants them, no app registration or personal access token can carry them. client_credentials grants one
 * only to a client an operator listed for it (issue #13, 1: money moves only on a grant that names it).
 */
@ApplicationScoped
public class ServiceScopes {

    /** Write (and reconcile through the ledger) any account at account-quota-service. */
    public static final String QUOTA_WRITE = "service:quota_write";

    private final Set<String> quotaWriters;

    public ServiceScopes(AuthConfig config) {
        this.quotaWriters = Set.copyOf(config.serviceScopes().quotaWriters().orElse(List.of()));
    }

    /** Whether {@code scope} is a service scope at all (so never a consent scope). */
    public static boolean isServiceScope(String scope) {
        return QUOTA_WRITE.equals(scope);
    }

    /** Whether client_credentials may grant this service scope to this client. */
    public boolean grantable(String scope, String clientId) {
        return QUOTA_WRITE.equals(scope) && quotaWriters.contains(clientId);
    }
}
