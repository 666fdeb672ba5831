package dev.userinfo.info.profile;

import dev.userinfo.info.config.UserinfoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where to send a user who must (re)authorize an app: auth-service's authorization endpoint with the app's own
 * parameters (RFC 6749 §4.1.1) and a fresh {@code state} (RFC 6749 §10.12) the app can keep to check the callback.
 */
@ApplicationScoped
public class AuthorizePrompt {

    private final SecureRandom random = new SecureRandom();
    private final String endpoint;

    public AuthorizePrompt(UserinfoConfig config) {
        String base = config.authService().publicUrl().toString();
        this.endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/oauth2/authorize";
    }

    public String url(String clientId, String redirectUri, String scope) {
        byte[] state = new byte[16];
        random.nextBytes(state);
        return endpoint + "?response_type=code"
                + "&client_id=" + encode(clientId)
                + "&redirect_uri=" + encode(redirectUri)
                + "&scope=" + encode(scope)
                + "&state=" + Base64.getUrlEncoder().withoutPadding().encodeToString(state);
    }

    /** The same request without a state, for an answer that must be alike for every user (the app adds its own). */
    public String urlWithoutState(String clientId, String redirectUri, String scope) {
        return endpoint + "?response_type=code"
                + "&client_id=" + encode(clientId)
                + "&redirect_uri=" + encode(redirectUri)
                + "&scope=" + encode(scope);
    }

    private static String encode(String value) {
        // %20 rather than '+' for spaces: both are valid in a query, %20 is what the seed's own example uses.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
