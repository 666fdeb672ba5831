package dev.userinfo.auth.revocation;

import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Every revocation goes through here: it marks the grants and tokens revoked in auth-service's own tables and
 * appends a row to the revocation feed that resource services follow, in the caller's transaction (or a new
 * one), so a revocation is published exactly when it commits.
 */
@ApplicationScoped
public class Revocations {

    /** pg_advisory_xact_lock key: feed rows commit in seq order, so a follower's cursor never skips one. */
    private static final long FEED_LOCK = 0x5245564f4b454653L;
    /** How long a resource service may hold a personal access token's introspection result. */
    public static final Duration PAT_CACHE_LIMIT = Duration.ofMinutes(5);

    private final AuthConfig config;

    public Revocations(AuthConfig config) {
        this.config = config;
    }

    /** One access token, by jti (RFC 7009 §2.1), until it expires. */
    public Uni<Void> revokeAccessToken(String jti, Instant expiresAt) {
        return Panache.withTransaction(() -> publish("token", jti, null, null, null, null, expiresAt));
    }

    /** A grant and its whole token family: code, refresh tokens, and access tokens by gid (RFC 9700 §4.14.2). */
    public Uni<Void> revokeGrant(UUID grantId, String reason) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE authorization_grant SET revoked_at = :now, revoked_reason = :reason
                        WHERE id = :id AND revoked_at IS NULL""")
                .setParameter("now", now).setParameter("reason", reason).setParameter("id", grantId)
                .executeUpdate())
                .chain(() -> publish("grant", null, grantId.toString(), null, null, null, accessTokenHorizon(now))));
    }

    /** Everything a user holds: on disable or delete. Tokens issued up to now are refused by sub. */
    public Uni<Void> revokeUser(long userId, String reason) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE authorization_grant SET revoked_at = :now, revoked_reason = :reason
                        WHERE user_id = :userId AND revoked_at IS NULL""")
                .setParameter("now", now).setParameter("reason", reason).setParameter("userId", userId)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                UPDATE personal_access_token SET revoked_at = :now
                                WHERE user_id = :userId AND revoked_at IS NULL""")
                        .setParameter("now", now).setParameter("userId", userId).executeUpdate()))
                .chain(() -> publish("user", null, null, Long.toString(userId), null, now,
                        later(accessTokenHorizon(now), now.plus(PAT_CACHE_LIMIT)))));
    }

    /**
     * Every refresh family of a user, on a password change: each grant revoked (its refresh tokens are refused,
     * RFC 9700 §4.14.2) and, per app, a user_app row so resource services refuse access tokens issued before now.
     * Consents and personal access tokens stay: the user chose them, and the new password still protects them.
     */
    public Uni<Void> revokeUserGrants(long userId, String reason) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE authorization_grant SET revoked_at = :now, revoked_reason = :reason
                        WHERE user_id = :userId AND revoked_at IS NULL RETURNING client_id""", String.class)
                .setParameter("now", now).setParameter("reason", reason).setParameter("userId", userId)
                .getResultList())
                .chain(clientIds -> publishEach(clientIds.stream().distinct().sorted().toList(), 0, userId, now)));
    }

    private Uni<Void> publishEach(java.util.List<String> clientIds, int from, long userId, Instant now) {
        if (from == clientIds.size()) {
            return Uni.createFrom().voidItem();
        }
        return publish("user_app", null, null, Long.toString(userId), clientIds.get(from), now, accessTokenHorizon(now))
                .chain(() -> publishEach(clientIds, from + 1, userId, now));
    }

    /** What a user granted one app: on consent withdrawal. */
    public Uni<Void> revokeUserApp(long userId, long appid, String clientId, String reason) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE authorization_grant SET revoked_at = :now, revoked_reason = :reason
                        WHERE user_id = :userId AND appid = :appid AND revoked_at IS NULL""")
                .setParameter("now", now).setParameter("reason", reason).setParameter("userId", userId)
                .setParameter("appid", appid).executeUpdate())
                .chain(() -> publish("user_app", null, null, Long.toString(userId), clientId, now, accessTokenHorizon(now))));
    }

    /** One personal access token: marked revoked, and resource services drop what they cached of it. */
    public Uni<Void> revokePersonalToken(long tokenId, long userId) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE personal_access_token SET revoked_at = :now
                        WHERE id = :id AND user_id = :userId AND revoked_at IS NULL""")
                .setParameter("now", now).setParameter("id", tokenId).setParameter("userId", userId).executeUpdate())
                .chain(() -> publish("pat", Long.toString(tokenId), null, Long.toString(userId), null, null,
                        now.plus(PAT_CACHE_LIMIT))));
    }

    /**
     * Whether a revocation rule covers this access token: by jti, grant, user, or user and app (README, "Revocation").
     * {@code gid} is empty for tokens without a grant.
     */
    public Uni<Boolean> covers(String jti, String gid, String sub, String clientId, Instant iat) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT count(*) FROM revocation WHERE expires_at > now() AND (
                            (kind = 'token' AND token_id = :jti)
                         OR (kind = 'grant' AND grant_id = :gid)
                         OR (kind = 'user' AND subject = :sub AND issued_before >= :iat)
                         OR (kind = 'user_app' AND subject = :sub AND client_id = :clientId AND issued_before >= :iat))""",
                        Long.class)
                .setParameter("jti", jti).setParameter("gid", gid).setParameter("sub", sub)
                .setParameter("clientId", clientId).setParameter("iat", iat)
                .getSingleResult())).map(count -> count > 0);
    }

    private Uni<Void> publish(String kind, String tokenId, String grantId, String subject, String clientId,
                              Instant issuedBefore, Instant expiresAt) {
        return Panache.getSession().chain(session -> lock(session).chain(() -> session.createNativeQuery("""
                        INSERT INTO revocation (kind, token_id, grant_id, subject, client_id, issued_before, expires_at)
                        VALUES (:kind, :tokenId, :grantId, :subject, :clientId, :issuedBefore, :expiresAt)""")
                .setParameter("kind", kind).setParameter("tokenId", tokenId).setParameter("grantId", grantId)
                .setParameter("subject", subject).setParameter("clientId", clientId)
                .setParameter("issuedBefore", issuedBefore).setParameter("expiresAt", expiresAt)
                .executeUpdate())).replaceWithVoid();
    }

    private static Uni<Object> lock(Mutiny.Session session) {
        return session.createNativeQuery("SELECT pg_advisory_xact_lock(" + FEED_LOCK + ")").getSingleResult();
    }

    /** No access token issued before {@code now} is valid after this. */
    private Instant accessTokenHorizon(Instant now) {
        return now.plus(config.tokens().accessTokenLifetime()).plus(Duration.ofMinutes(1));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
