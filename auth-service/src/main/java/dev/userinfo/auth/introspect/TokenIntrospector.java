package dev.userinfo.auth.introspect;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.key.AccessTokenReader;
import dev.userinfo.auth.pat.PersonalAccessToken;
import dev.userinfo.auth.revocation.Revocations;
import dev.userinfo.auth.token.AuthorizationGrant;
import dev.userinfo.auth.token.RefreshToken;
import dev.userinfo.auth.user.User;
import dev.userinfo.contracts.clients.WellKnownClients;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * What a token is worth now (RFC 7662 §2.2): access tokens by signature, expiry and the revocation feed; refresh
 * tokens and personal access tokens by their hashed rows. Anything not valid, or not the caller's to see, is
 * {@code {"active":false}}.
 */
@ApplicationScoped
public class TokenIntrospector {

    private static final int MAX_OPAQUE = 200;

    private final AccessTokenReader reader;
    private final AuthConfig config;
    private final Revocations revocations;

    public TokenIntrospector(AccessTokenReader reader, AuthConfig config, Revocations revocations) {
        this.reader = reader;
        this.config = config;
        this.revocations = revocations;
    }

    /** Resource services (the revocation feed's clients) may introspect every token; an app only its own. */
    public boolean seesEverything(App caller) {
        return config.revocation().feedClients().contains(caller.clientId);
    }

    public Uni<Introspection> introspect(App caller, String token) {
        if (token.startsWith(PersonalAccessToken.PREFIX)) {
            // RFC 7662 §2.1: the server decides who may learn what; a user's script token is for resource services.
            return seesEverything(caller) ? personal(token) : inactive();
        }
        if (AccessTokenReader.looksLikeJwt(token)) {
            return access(caller, token);
        }
        return refresh(caller, token);
    }

    private Uni<Introspection> access(App caller, String token) {
        Optional<JwtClaims> read = reader.read(token);
        if (read.isEmpty()) {
            return inactive();
        }
        JwtClaims claims = read.get();
        try {
            String clientId = claims.getStringClaimValue("client_id");
            if (!caller.clientId.equals(clientId) && !seesEverything(caller)) {
                return inactive();
            }
            String sub = claims.getSubject();
            String gid = claims.getClaimValue("gid") instanceof String g ? g : "";
            Instant iat = Instant.ofEpochSecond(claims.getIssuedAt().getValue());
            String jti = claims.getJwtId();
            boolean userToken = !gid.isEmpty();
            Introspection active = new Introspection(true, claims.getStringClaimValue("scope"), clientId, null, "Bearer",
                    claims.getExpirationTime().getValue(), iat.getEpochSecond(), sub, clientId, claims.getIssuer(), jti,
                    claims.getClaimValue("open_id") instanceof String o ? o : null, userToken ? gid : null);
            return revocations.covers(jti, gid, sub, clientId, iat).chain(revoked -> {
                if (revoked) {
                    return inactive();
                }
                if (!userToken) {
                    return Uni.createFrom().item(active);
                }
                return Panache.withSession(() -> User.<User>findById(parseUserId(sub))).map(user -> user == null || !user.active()
                        ? Introspection.INACTIVE : withUsername(active, user.login));
            });
        } catch (MalformedClaimException | NumberFormatException e) {
            return inactive();
        }
    }

    private Uni<Introspection> refresh(App caller, String token) {
        if (token.length() > MAX_OPAQUE) {
            return inactive();
        }
        byte[] hash = ClientSecrets.hash(token);
        return Panache.withSession(() -> RefreshToken.<RefreshToken>find("tokenHash", hash).firstResult().chain(row -> {
            if (row == null || row.rotatedAt != null || !row.expiresAt.isAfter(Instant.now())) {
                return inactive();
            }
            return AuthorizationGrant.<AuthorizationGrant>findById(row.grantId).chain(grant -> {
                // Only the client it was issued to may ask about a refresh token (RFC 7662 §2.1, privacy).
                if (grant == null || grant.revoked() || !grant.clientId.equals(caller.clientId)) {
                    return inactive();
                }
                return User.<User>findById(grant.userId).map(user -> user == null || !user.active() ? Introspection.INACTIVE
                        : new Introspection(true, String.join(" ", grant.scopes), grant.clientId, user.login,
                                "refresh_token", row.expiresAt.getEpochSecond(), row.issuedAt.getEpochSecond(),
                                Long.toString(user.id), grant.clientId, config.issuer(), null, null, grant.id.toString()));
            });
        }));
    }

    private Uni<Introspection> personal(String token) {
        if (token.length() > MAX_OPAQUE) {
            return inactive();
        }
        byte[] hash = ClientSecrets.hash(token);
        // A transaction: an active token's last use is recorded (resource services introspect at most once a
        // minute per token, so "last used" on the tokens page is exact to about that).
        return Panache.withTransaction(() -> PersonalAccessToken.<PersonalAccessToken>find("tokenHash", hash).firstResult()
                .chain(pat -> {
                    if (pat == null || pat.revokedAt != null) {
                        return inactive();
                    }
                    Instant expires = pat.expiresAt != null ? pat.expiresAt
                            : pat.createdAt.plus(config.personalTokens().maxLifetime());
                    if (!expires.isAfter(Instant.now())) {
                        return inactive();
                    }
                    return User.<User>findById(pat.userId).chain(user -> user == null || !user.active()
                            ? Uni.createFrom().item(Introspection.INACTIVE)
                            : recordUse(pat.id).replaceWith(new Introspection(true, String.join(" ", List.of(pat.scopes)),
                                    WellKnownClients.PERSONAL_ACCESS_TOKEN, user.login, "Bearer", expires.getEpochSecond(), pat.createdAt.getEpochSecond(),
                                    Long.toString(user.id), null, config.issuer(), Long.toString(pat.id), null, null)));
                }));
    }

    private static Uni<Void> recordUse(long id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE personal_access_token SET last_used_at = now()
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
                .setParameter("id", id).executeUpdate()).replaceWithVoid();
    }

    private static Introspection withUsername(Introspection i, String username) {
        return new Introspection(i.active(), i.scope(), i.clientId(), username, i.tokenType(), i.exp(), i.iat(), i.sub(),
                i.aud(), i.iss(), i.jti(), i.openId(), i.gid());
    }

    private static long parseUserId(String sub) {
        return Long.parseLong(sub);
    }

    private static Uni<Introspection> inactive() {
        return Uni.createFrom().item(Introspection.INACTIVE);
    }
}
