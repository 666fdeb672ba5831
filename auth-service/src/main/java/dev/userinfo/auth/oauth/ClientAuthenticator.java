package dev.userinfo.auth.oauth;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.app.ClientSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Authenticates the client of a token request: {@code client_secret_basic} or {@code client_secret_post}
 * (RFC 6749 §2.3.1), never both at once (§2.3). Every failure is the same {@code invalid_client}, so the
 * answer does not tell whether a client_id exists.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final String BASIC = "Basic";

    private final AppRegistry apps;

    public ClientAuthenticator(AppRegistry apps) {
        this.apps = apps;
    }

    private record Credentials(String clientId, String secret, String scheme) {
    }

    /** A confidential client, authenticated by its secret. */
    public Uni<App> authenticate(OAuthForm request, String authorization) {
        return authenticate(request, authorization, false);
    }

    /**
     * A confidential client by its secret, or a public client by {@code client_id} alone (RFC 6749 §4.1.3,
     * §2.3: public clients cannot authenticate; PKCE and refresh rotation protect them instead).
     */
    public Uni<App> authenticateAllowingPublic(OAuthForm request, String authorization) {
        return authenticate(request, authorization, true);
    }

    private Uni<App> authenticate(OAuthForm request, String authorization, boolean allowPublic) {
        Credentials credentials;
        try {
            credentials = credentials(request, authorization, allowPublic);
        } catch (OAuthError e) {
            return Uni.createFrom().failure(e);
        }
        return apps.find(credentials.clientId()).map(app -> {
            boolean ok = app != null && app.enabled && (credentials.secret() == null
                    ? !app.confidential()
                    : app.confidential() && ClientSecrets.matches(credentials.secret(), app.secretHash));
            if (!ok) {
                throw OAuthError.invalidClient("client authentication failed", credentials.scheme());
            }
            return app;
        });
    }

    /** Just the Basic credentials of a caller that may only use client_secret_basic (the revocation feed). */
    public Uni<App> authenticateBasic(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Uni.createFrom().failure(OAuthError.invalidClient("client authentication is required", BASIC));
        }
        return authenticate(OAuthForm.parse(new byte[0]), authorization, false);
    }

    private static Credentials credentials(OAuthForm request, String authorization, boolean allowPublic) {
        Optional<String> postedId = request.get("client_id");
        Optional<String> postedSecret = request.get("client_secret");
        if (authorization != null && !authorization.isBlank()) {
            if (postedSecret.isPresent()) {
                throw OAuthError.invalidRequest("use one client authentication method, not both (RFC 6749 §2.3)");
            }
            Credentials basic = basic(authorization);
            if (postedId.isPresent() && !postedId.get().equals(basic.clientId())) {
                throw OAuthError.invalidClient("client_id does not match the Authorization header", BASIC);
            }
            return basic;
        }
        if (postedId.isEmpty()) {
            throw OAuthError.invalidClient("client authentication is required", BASIC);
        }
        if (postedSecret.isEmpty()) {
            if (allowPublic) {
                return new Credentials(postedId.get(), null, BASIC);
            }
            throw OAuthError.invalidClient("client_secret is required for this client", BASIC);
        }
        return new Credentials(postedId.get(), postedSecret.get(), BASIC);
    }

    /** RFC 6749 §2.3.1 / RFC 7617: both parts form-urlencoded, then joined with ':' and base64-encoded. */
    private static Credentials basic(String authorization) {
        if (!authorization.regionMatches(true, 0, BASIC + " ", 0, BASIC.length() + 1)) {
            throw OAuthError.invalidClient("unsupported Authorization scheme; use Basic", BASIC);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length() + 1).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("malformed Basic credentials", BASIC);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthError.invalidClient("malformed Basic credentials", BASIC);
        }
        try {
            return new Credentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8), BASIC);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("malformed Basic credentials", BASIC);
        }
    }
}
