package dev.userinfo.auth.revocation;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.key.AccessTokenReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * RFC 7009 §2.1: revokes a token the caller holds. Only tokens issued to the caller are touched; anything else
 * (unknown, expired, another client's) is left alone and still answered 200 (§2.2), so the endpoint reveals nothing.
 */
@ApplicationScoped
public class TokenRevocation {

    private static final int MAX_OPAQUE = 200;

    private final AccessTokenReader reader;
    private final Revocations revocations;

    public TokenRevocation(AccessTokenReader reader, Revocations revocations) {
        this.reader = reader;
        this.revocations = revocations;
    }

    /**
     * @param hint {@code token_type_hint}: only orders the lookups (§2.1: the server searches every type anyway);
     *             our access tokens and refresh tokens have distinct shapes, so it changes nothing here
     */
    public Uni<Void> revoke(App caller, String token, String hint) {
        if (AccessTokenReader.looksLikeJwt(token)) {
            return accessToken(caller, token);
        }
        return refreshToken(caller, token);
    }

    private Uni<Void> accessToken(App caller, String token) {
        Optional<JwtClaims> read = reader.read(token);
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        try {
            JwtClaims claims = read.get();
            if (!caller.clientId.equals(claims.getStringClaimValue("client_id"))) {
                return Uni.createFrom().voidItem();
            }
            return revocations.revokeAccessToken(claims.getJwtId(),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (MalformedClaimException e) {
            return Uni.createFrom().voidItem();
        }
    }

    private Uni<Void> refreshToken(App caller, String token) {
        if (token.length() > MAX_OPAQUE) {
            return Uni.createFrom().voidItem();
        }
        byte[] hash = ClientSecrets.hash(token);
        // By SQL, not token's entities: the token package revokes through this one (a replayed code or refresh token).
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT CAST(g.id AS text) FROM refresh_token r JOIN authorization_grant g ON g.id = r.grant_id
                        WHERE r.token_hash = :hash AND g.client_id = :clientId AND g.revoked_at IS NULL""", String.class)
                        .setParameter("hash", hash).setParameter("clientId", caller.clientId).getResultList()))
                .chain(grants -> grants.isEmpty()
                        ? Uni.createFrom().voidItem()
                        // RFC 7009 §2.1: revoking a refresh token revokes the access tokens of the same grant too.
                        : revocations.revokeGrant(UUID.fromString(grants.get(0)),
                                "refresh token revoked by the client (RFC 7009)"));
    }
}
