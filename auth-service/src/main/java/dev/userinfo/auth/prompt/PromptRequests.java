package dev.userinfo.auth.prompt;

import dev.userinfo.auth.authorize.AuthorizationRequest;
import dev.userinfo.auth.authorize.AuthorizationRequestParser;
import dev.userinfo.auth.authorize.Dialect;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.page.FormBody;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A prompt's request as the authorization endpoint would receive it: validated by the same parser when it opens and
 * when it is approved, and the authorization URL the app may send the user to instead.
 */
@ApplicationScoped
public class PromptRequests {

    private final AuthorizationRequestParser parser;
    private final AuthConfig config;

    public PromptRequests(AuthorizationRequestParser parser, AuthConfig config) {
        this.parser = parser;
        this.config = config;
    }

    /** Fails with the parser's errors, or {@link FormBody.BadForm} for a value no query can carry. */
    Uni<AuthorizationRequest> parse(String clientId, String redirectUri, String scope, String state) {
        try {
            return parser.parse(Dialect.OAUTH2, FormBody.parseQuery(query(clientId, redirectUri, scope, state)));
        } catch (FormBody.BadForm e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Where the app may send the user instead: the authorization endpoint with the same request and state. */
    String authorizeUrl(String clientId, String redirectUri, String scope, String state) {
        return config.issuer() + "/oauth2/authorize?" + query(clientId, redirectUri, scope, state);
    }

    /** Without a state (null) for an unproven call: the app adds its own (RFC 6749 §4.1.1). */
    static String query(String clientId, String redirectUri, String scope, String state) {
        return "response_type=code&client_id=" + encode(clientId) + "&redirect_uri=" + encode(redirectUri)
                + "&scope=" + encode(scope == null ? "" : scope) + (state == null ? "" : "&state=" + encode(state));
    }

    private static String encode(String value) {
        // %20 rather than '+' for spaces, as the seed's own example writes the scope.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
