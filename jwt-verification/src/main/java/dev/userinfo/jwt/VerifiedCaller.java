package dev.userinfo.jwt;

import dev.userinfo.contracts.clients.WellKnownClients;
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
 * @param openId    {@code open_id}: the user's id as this app knows it (DESIGN.md, Tokens); null on client tokens
 * @param grantId   {@code gid}: the authorization (consent grant) the token came from, so a whole token family
 *                  can be revoked at once (RFC 9700 §4.14.2); null on client tokens
 * @param clientToken whether the token was issued by {@code client_credentials} ({@code gty}), so no user is behind it
 */
public record VerifiedCaller(String subject, String clientId, Set<String> scopes, String tokenId,
                             Instant issuedAt, Instant expiresAt, String openId, String grantId,
                             boolean clientToken) {

    /** {@code gty} value of client_credentials tokens (the claim Auth0 uses for the same purpose). */
    public static final String CLIENT_CREDENTIALS = "client-credentials";

    /** A personal access token: the user's own credential, not bound to an app; its scopes apply like any token's. */
    public boolean personalToken() {
        return WellKnownClients.PERSONAL_ACCESS_TOKEN.equals(clientId);
    }

    /** A user stands behind the token: an app's user token or a personal access token, never a client token. */
    public boolean userDelegated() {
        return userId().isPresent();
    }

    /** An app acting for itself ({@code client_credentials}): no user, {@code sub} is the client id. */
    public boolean appOwnToken() {
        return clientToken;
    }

    /** The user behind the token, or empty for a client_credentials token. */
    public java.util.OptionalLong userId() {
        if (clientToken || subject == null || subject.isEmpty() || subject.length() > 19) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(Long.parseLong(subject));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** Attribute under which the caller is kept on the {@link SecurityIdentity}. */
    public static final String IDENTITY_ATTRIBUTE = VerifiedCaller.class.getName();

    /**
     * Whether the token grants {@code scope}. The one scope rule for every credential: OAuth access tokens and
     * personal access tokens alike carry their granted scopes, and no kind of token implies a scope it does not carry.
     */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** Fails with {@link InsufficientScopeException} (403 {@code insufficient_scope}, RFC 6750 §3.1) unless {@link #hasScope}. */
    public VerifiedCaller requireScope(String scope) {
        if (!hasScope(scope)) {
            throw new InsufficientScopeException(scope);
        }
        return this;
    }

    /** The caller of an authenticated request, or {@code null} for an anonymous one. */
    public static VerifiedCaller of(SecurityIdentity identity) {
        return identity == null ? null : identity.getAttribute(IDENTITY_ATTRIBUTE);
    }
}
