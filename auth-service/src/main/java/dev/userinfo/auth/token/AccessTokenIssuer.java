package dev.userinfo.auth.token;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.key.SigningKeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Mints access tokens: JWTs signed with the active key, header {@code typ: at+jwt}, claims
 * {@code iss sub aud client_id scope iat exp jti} (DESIGN.md, Tokens; RFC 9068 §2.2 names the same set).
 * {@code aud} names the resource servers the token is for (RFC 9068 §3, RFC 8707), never the app.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    /** A minted token and what the token response reports about it. */
    public record IssuedToken(String value, String tokenId, long expiresIn, String scope) {
    }

    private final SigningKeyRing keys;
    private final AuthConfig config;
    private final ResourceIndicators resources;

    public AccessTokenIssuer(SigningKeyRing keys, AuthConfig config, ResourceIndicators resources) {
        this.keys = keys;
        this.config = config;
        this.resources = resources;
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
        Instant now = Instant.now();
        long lifetime = config.tokens().accessTokenLifetime().toSeconds();
        String jti = UUID.randomUUID().toString();
        String scope = String.join(" ", scopes);
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(subject);
        // RFC 9068 §3: aud is the resource servers; the app is named by client_id.
        claims.setAudience(audience.isEmpty() ? resources.all() : audience);
        claims.setClaim("client_id", clientId);
        claims.setClaim("scope", scope);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + lifetime));
        claims.setJwtId(jti);
        extraClaims.forEach(claims::setClaim);
        // RFC 9068 §2.1: typ at+jwt tells an access token from an ID token.
        return new IssuedToken(sign(claims, "at+jwt"), jti, lifetime, scope);
    }

    /** Signs {@code claims} with the active key; {@code typ} is {@code at+jwt} for access tokens, {@code JWT} for ID tokens. */
    String sign(JwtClaims claims, String typ) {
        SigningKeyRing.ActiveKey key = keys.active();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(key.algorithm());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", typ);
        jws.setKey(key.privateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
    }

    /** JWS algorithm of the active key, which decides the at_hash digest (OIDC Core §3.1.3.6). */
    String activeAlgorithm() {
        return keys.active().algorithm();
    }
}
