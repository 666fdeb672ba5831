package dev.userinfo.jwt;

import dev.userinfo.contracts.metrics.CacheStatistics;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation rules this pod has learnt from auth-service's feed, in memory: they outlive an auth-service
 * outage, so a revoked token stays refused while auth-service is down. A rule is dropped once no token it could
 * match is still unexpired ({@code expires_at}, set by auth-service).
 *
 * <p>Rule kinds (auth-service README, "Revocation"): {@code token} by {@code jti}; {@code grant} by {@code gid}
 * (a whole code → refresh family, RFC 9700 §4.14.2); {@code user} by {@code sub} for tokens issued up to
 * {@code issued_before} (disable, delete); {@code user_app} by {@code sub} and {@code client_id} up to
 * {@code issued_before} (consent withdrawn); {@code pat} by personal token id.
 *
 * <p>Memory (issue #19): about 150 bytes a rule (a 36-character id, an {@link Instant}, a map node), so 100,000 rules
 * are some 15 MB; {@code cache.size{cache="revocation-rules"}} shows the count and {@code cache.evictions} the rules
 * pruned after their tokens expired.
 */
public final class RevocationList {

    private record Cutoff(Instant issuedBefore, Instant expiresAt) {
        Cutoff widen(Cutoff other) {
            return new Cutoff(later(issuedBefore, other.issuedBefore), later(expiresAt, other.expiresAt));
        }
    }

    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> grants = new ConcurrentHashMap<>();
    private final Map<String, Instant> personalTokens = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> users = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> userApps = new ConcurrentHashMap<>();
    // Never evicted for size: a dropped rule would let a revoked token through; only expiry (prune) removes rules.
    private final CacheStatistics statistics = new CacheStatistics();

    /**
     * Adds one rule as the feed states it. Unknown kinds are ignored (a newer auth-service may add some), and so
     * is a rule missing the field it matches on: it could match nothing.
     */
    public void add(String kind, String jti, String gid, String sub, String clientId, Instant issuedBefore, Instant expiresAt) {
        if (kind == null || expiresAt == null) {
            return;
        }
        switch (kind) {
            case "token" -> put(tokens, jti, expiresAt);
            case "grant" -> put(grants, gid, expiresAt);
            case "pat" -> put(personalTokens, jti, expiresAt);
            case "user" -> {
                if (sub != null && issuedBefore != null) {
                    users.merge(sub, new Cutoff(issuedBefore, expiresAt), Cutoff::widen);
                }
            }
            case "user_app" -> {
                if (sub != null && clientId != null && issuedBefore != null) {
                    userApps.merge(userApp(sub, clientId), new Cutoff(issuedBefore, expiresAt), Cutoff::widen);
                }
            }
            default -> { }
        }
    }

    /** Whether a rule refuses this verified caller. */
    public boolean revoked(VerifiedCaller caller) {
        if (caller.personalToken()) {
            return personalTokens.containsKey(nonNull(caller.tokenId())) || cutBy(users.get(caller.subject()), caller);
        }
        if (tokens.containsKey(nonNull(caller.tokenId())) || (caller.grantId() != null && grants.containsKey(caller.grantId()))) {
            return true;
        }
        if (caller.clientToken() || caller.subject() == null) {
            // A client_credentials token's sub is a client_id: no user rule is about it.
            return false;
        }
        return cutBy(users.get(caller.subject()), caller)
                || (caller.clientId() != null && cutBy(userApps.get(userApp(caller.subject(), caller.clientId())), caller));
    }

    /** Drops rules whose tokens have all expired. */
    public void prune(Instant now) {
        int before = size();
        tokens.values().removeIf(expires -> !expires.isAfter(now));
        grants.values().removeIf(expires -> !expires.isAfter(now));
        personalTokens.values().removeIf(expires -> !expires.isAfter(now));
        users.values().removeIf(cutoff -> !cutoff.expiresAt().isAfter(now));
        userApps.values().removeIf(cutoff -> !cutoff.expiresAt().isAfter(now));
        statistics.evicted(Math.max(0, before - size()));
    }

    /** Rules pruned so far (the meters' evictions). */
    public CacheStatistics statistics() {
        return statistics;
    }

    /** Rules held, for the readiness check's data. */
    public int size() {
        return tokens.size() + grants.size() + personalTokens.size() + users.size() + userApps.size();
    }

    /**
     * {@code iat} has whole seconds and {@code issued_before} is the revocation's own instant, so a token issued in
     * the same second just after the revocation is refused too: the safe side, and the client simply asks again.
     */
    private static boolean cutBy(Cutoff cutoff, VerifiedCaller caller) {
        return cutoff != null && caller.issuedAt() != null && !caller.issuedAt().isAfter(cutoff.issuedBefore());
    }

    private static void put(Map<String, Instant> rules, String key, Instant expiresAt) {
        if (key != null) {
            rules.merge(key, expiresAt, RevocationList::later);
        }
    }

    private static String userApp(String sub, String clientId) {
        return sub + '\u0000' + clientId;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
