package dev.userinfo.auth.token;

import dev.userinfo.auth.config.AuthConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints ID tokens (OIDC Core §2, §3.1.3.6) when {@code openid} was granted: signed with the same key as access
 * tokens but typed {@code JWT}, so neither can pass for the other (RFC 9068 §2.1).
 */
@ApplicationScoped
public class IdTokenIssuer {

    private final AccessTokenIssuer signer;
    private final AuthConfig config;

    public IdTokenIssuer(AccessTokenIssuer signer, AuthConfig config) {
        this.signer = signer;
        this.config = config;
    }

    /**
     * @param nonce the authorization request's nonce; null on refresh, where OIDC Core §12.2 says the new ID token
     *              should not carry one
     */
    public String issue(AuthorizationGrant grant, String accessToken, String nonce) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .subject(Long.toString(grant.userId))
                .audience(grant.clientId)
                // OIDC Core §2: azp names the party the token was issued to.
                .claim("azp", grant.clientId)
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(config.tokens().accessTokenLifetime()).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString())
                .claim("auth_time", grant.authTime.getEpochSecond());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        claims.claim("at_hash", atHash(accessToken, signer.activeAlgorithm()));
        return signer.sign(claims, "JWT");
    }

    /** OIDC Core §3.1.3.6: base64url of the left half of the hash of the access token's ASCII octets. */
    static String atHash(String accessToken, String algorithm) {
        String digest = switch (algorithm.substring(algorithm.length() - 3)) {
            case "384" -> "SHA-384";
            case "512" -> "SHA-512";
            default -> "SHA-256";
        };
        try {
            byte[] hash = MessageDigest.getInstance(digest).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, hash.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
