package dev.userinfo.quota.ledger;

import dev.userinfo.jwt.VerifiedCaller;
import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.web.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Who may move or read whose quota (issue #13, 1): money moves only on a grant that names it. A user-delegated
 * token (an app's user token or the user's personal access token, with {@code quota_write}) spends only its own
 * user's quota; a client token writes any account only if its client is an operator-listed first-party service
 * ({@code platform.quota.writers}) and carries {@code service:quota_write}, which no consent and no app
 * registration can give. Everything else is 403 {@code insufficient_scope}.
 */
@ApplicationScoped
public class QuotaGrants {

    /** Consented by a user: spend (consume) that user's own quota (auth-service's consent catalogue). */
    public static final String USER_WRITE = "quota_write";
    /** Consented by a user: read that user's own quota and ledger. */
    public static final String USER_READ = "quota_read";
    /** Not in the consent catalogue: auth-service grants it by client_credentials to listed services only. */
    public static final String SERVICE_WRITE = "service:quota_write";

    /** What a write does to an account; only {@link #CONSUME} spends, the others create money. */
    public enum Kind { CONSUME, REFUND, TOPUP }

    private final Set<String> writers;

    @jakarta.inject.Inject
    public QuotaGrants(QuotaConfig config) {
        this(config.writers().orElse(Set.of()));
    }

    QuotaGrants(Set<String> writers) {
        this.writers = Set.copyOf(writers);
    }

    /**
     * Who writes: {@code actor} scopes its idempotency keys and is the ledger's {@code actor}; {@code onlyUser} is the
     * one account a user-delegated token may touch (null for a listed service, which may write any).
     */
    public record Writer(String actor, Long onlyUser) {

        /** Throws 403 unless this writer may write {@code userId}. */
        public void check(long userId) {
            if (onlyUser != null && onlyUser != userId) {
                throw refused("a user's token spends only that user's own quota");
            }
        }
    }

    /**
     * The writer of a {@code kind} write, decided from the token alone (before the body is read), or 403. A service
     * writes as its client_id; a user-delegated spend as {@code <client_id>/user:<id>} (a client_id has no '/'), so
     * two users of one app never share an idempotency key.
     */
    public Writer writer(VerifiedCaller caller, Kind kind) {
        if (caller.clientToken()) {
            if (!isListedService(caller)) {
                throw refused("a client token writes quota only for a first-party service on platform.quota.writers"
                        + " with the " + SERVICE_WRITE + " scope");
            }
            return new Writer(caller.clientId(), null);
        }
        if (caller.userId().isEmpty()) {
            throw refused("the access token does not stand for a user or a listed service");
        }
        if (kind != Kind.CONSUME) {
            // Refund and top-up create quota: never on a user's delegation, only by a listed service.
            throw refused(kind.name().toLowerCase(java.util.Locale.ROOT) + " needs a first-party service's client token with "
                    + SERVICE_WRITE);
        }
        if (!caller.hasScope(USER_WRITE)) {
            throw refused("the access token needs the " + USER_WRITE + " scope");
        }
        long self = caller.userId().getAsLong();
        return new Writer(caller.clientId() + "/user:" + self, self);
    }

    /** Whether this client token may read any account's ledger: the same grant as writing it. */
    public boolean readsAnyLedger(VerifiedCaller caller) {
        return caller.clientToken() && isListedService(caller);
    }

    /** Whether this user token may read its own user's ledger and account. */
    public static boolean readsOwn(VerifiedCaller caller) {
        return caller.userId().isPresent() && (caller.hasScope(USER_READ) || caller.hasScope(USER_WRITE));
    }

    private boolean isListedService(VerifiedCaller caller) {
        return writers.contains(caller.clientId()) && caller.hasScope(SERVICE_WRITE);
    }

    static ApiError refused(String message) {
        return new ApiError(403, "insufficient_scope", message);
    }
}
