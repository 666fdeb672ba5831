package dev.userinfo.jwt;

import io.quarkus.security.identity.SecurityIdentity;
import java.time.Instant;
import java.util.Set;

/**
 * Who called, as proven by a verified access token.
 *
 * @param subject   {@code sub}: the user id, or the client id for a client_credentials token
 * @param clientId  {@code client_id}: the app the token was issued to
 * @param scopes    granted scopes ({@code scope}, space separated in the token, RFC 8693 §4.2)
 * @param tokenId   {@code jti}, the handle revocation works on
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 */
public record VerifiedCaller(String subject, String clientId, Set<String> scopes, String tokenId,
                             Instant issuedAt, Instant expiresAt) {

    /** Attribute under which the caller is kept on the {@link SecurityIdentity}. */
    public static final String IDENTITY_ATTRIBUTE = VerifiedCaller.class.getName();

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The caller of an authenticated request, or {@code null} for an anonymous one. */
    public static VerifiedCaller of(SecurityIdentity identity) {
        return identity == null ? null : identity.getAttribute(IDENTITY_ATTRIBUTE);
    }
}
