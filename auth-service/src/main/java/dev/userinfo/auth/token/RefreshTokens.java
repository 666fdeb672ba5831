package dev.userinfo.auth.token;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Stores refresh tokens as hashes (DESIGN.md, Tokens) and spends them with one guarded UPDATE. */
@ApplicationScoped
public class RefreshTokens {

    private final AuthConfig config;

    public RefreshTokens(AuthConfig config) {
        this.config = config;
    }

    /**
     * A new refresh token of the family {@code grantId}, which started at {@code familyStart}, in the caller's
     * transaction; the value is returned once.
     */
    public Uni<String> issue(UUID grantId, Instant familyStart) {
        String value = ClientSecrets.generate();
        RefreshToken row = new RefreshToken();
        row.tokenHash = ClientSecrets.hash(value);
        row.grantId = grantId;
        row.issuedAt = Instant.now();
        Instant sliding = row.issuedAt.plus(config.refreshTokens().lifetime());
        Instant familyEnd = familyStart.plus(config.refreshTokens().maxFamilyLifetime());
        row.expiresAt = sliding.isBefore(familyEnd) ? sliding : familyEnd;
        return Panache.withTransaction(() -> row.persist()).replaceWith(value);
    }

    /** Marks the token rotated; false if another request did first or it expired meanwhile (RFC 9700 §4.14.2). */
    Uni<Boolean> rotate(byte[] hash) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE auth.refresh_token SET rotated_at = now()
                        WHERE token_hash = :hash AND rotated_at IS NULL AND expires_at > now()""")
                .setParameter("hash", hash).executeUpdate()).map(count -> count == 1);
    }
}
