package dev.userinfo.auth.token;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.key.SigningKeyRing;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.UUID;

/**
 * Mints access tokens: JWTs signed with the active key, header {@code typ: at+jwt}, claims
 * {@code iss sub aud client_id scope iat exp jti} (DESIGN.md, Tokens; RFC 9068 §2.2 names the same set).
 * {@code aud} names the resource servers the token is for (RFC 9068 §3, RFC 8707), never the app.
 * Built and signed with SmallRye JWT's {@link Jwt} builder.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    /** A minted token and what the token response reports about it. */
    public record IssuedToken(String value, String tokenId, long expiresIn, String scope) {
    }

    private final SigningKeyRing keys;
    private final AuthConfig config;
    private final ResourceIndicators resources;
    private final IssuedTokenCounts counts;

    public AccessTokenIssuer(SigningKeyRing keys, AuthConfig config, ResourceIndicators resources, IssuedTokenCounts counts) {
        this.keys = keys;
        this.config = config;
        this.resources = resources;
        this.counts = counts;
    }

    /** Extra claims of one token: {@code open_id}, {@code gid}, {@code gty} (see jwt-verification's VerifiedCaller). */
    public IssuedToken issue(String subject, String clientId, Collection<String> scopes) {
        return issue(subject, clientId, scopes, java.util.Map.of());
    }

    /** A token for every resource server. */
    public IssuedToken issue(String subject, String clientId, Collection<String> scopes,
                             java.util.Map<String, String> extraClaims) {
        return issue(subject, clientId, scopes, extraClaims, resources.all());
    }

    /** A token for {@code audience}: resource server identifiers, checked by {@link ResourceIndicators}. */
    public IssuedToken issue(String subject, String clientId, Collection<String> scopes,
                             java.util.Map<String, String> extraClaims, java.util.List<String> audience) {
        return issue(subject, clientId, scopes, extraClaims, audience, config.tokens().accessTokenLifetime());
    }

    /** The same, living at most {@code maxLifetime} (never longer than the configured access-token lifetime). */
    public IssuedToken issue(String subject, String clientId, Collection<String> scopes,
                             java.util.Map<String, String> extraClaims, java.util.List<String> audience,
                             java.time.Duration maxLifetime) {
        Instant now = Instant.now();
        long lifetime = Math.min(maxLifetime.toSeconds(), config.tokens().accessTokenLifetime().toSeconds());
        String jti = UUID.randomUUID().toString();
        String scope = String.join(" ", scopes);
        // RFC 9068 §3: aud is the resource servers; the app is named by client_id.
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .subject(subject)
                .audience(new LinkedHashSet<>(audience.isEmpty() ? resources.all() : audience))
                .claim("client_id", clientId)
                .claim("scope", scope)
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.getEpochSecond() + lifetime)
                .claim("jti", jti);
        extraClaims.forEach(claims::claim);
        // RFC 9068 §2.1: typ at+jwt tells an access token from an ID token.
        IssuedToken token = new IssuedToken(sign(claims, "at+jwt"), jti, lifetime, scope);
        counts.count(clientId);
        return token;
    }

    /** Signs {@code claims} with the active key; {@code typ} is {@code at+jwt} for access tokens, {@code JWT} for ID tokens. */
    String sign(JwtClaimsBuilder claims, String typ) {
        SigningKeyRing.ActiveKey key = keys.active();
        return claims.jws()
                .algorithm(SignatureAlgorithm.fromAlgorithm(key.algorithm()))
                .keyId(key.kid())
                .header("typ", typ)
                .sign(key.privateKey());
    }

    /** JWS algorithm of the active key, which decides the at_hash digest (OIDC Core §3.1.3.6). */
    String activeAlgorithm() {
        return keys.active().algorithm();
    }
}
