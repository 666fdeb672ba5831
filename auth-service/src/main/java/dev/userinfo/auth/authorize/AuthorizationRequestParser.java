package dev.userinfo.auth.authorize;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.page.FormBody;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.token.ResourceIndicators;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates an authorization request in the order RFC 6749 §4.1.2.1 requires: first the client and the redirect
 * URI (failures there get an error page, never a redirect), then everything else (failures redirect to the app
 * with {@code error} and the request's {@code state}).
 */
@ApplicationScoped
public class AuthorizationRequestParser {

    /** RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters without padding. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** Long enough for any real state (often a signed JWT); an absurd one is refused, not echoed. */
    static final int MAX_STATE = 2048;
    static final int MAX_NONCE = 512;
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    private final AppRegistry apps;
    private final ResourceIndicators resources;

    public AuthorizationRequestParser(AppRegistry apps, ResourceIndicators resources) {
        this.apps = apps;
        this.resources = resources;
    }

    /**
     * The validated request; fails with {@link RequestRefused} (error page) or {@link AuthorizationError}
     * (redirect to the app).
     */
    public Uni<AuthorizationRequest> parse(Dialect dialect, FormBody params) {
        String clientIdName = dialect.clientIdParameter();
        if (params.repeated(clientIdName) || params.repeated("redirect_uri")) {
            return refused(clientIdName + " or redirect_uri is repeated");
        }
        String clientId = params.single(clientIdName);
        if (clientId == null || clientId.isEmpty()) {
            return refused(clientIdName + " is missing");
        }
        // Seed 001's app_id is also the numeric appid (findByAppId); OAuth's client_id is only the client_id.
        boolean seed001 = dialect == Dialect.SEED001;
        if (!(seed001 ? AppRegistry.isWellFormedAppId(clientId) : AppRegistry.isWellFormedClientId(clientId))) {
            return refused("unknown " + clientIdName);
        }
        Uni<App> found = seed001 ? apps.findByAppId(clientId) : apps.find(clientId);
        return found.map(app -> {
            if (app == null || !app.enabled) {
                throw new RequestRefused("unknown " + clientIdName);
            }
            String redirectUri = redirectUri(app, params.single("redirect_uri"));
            AuthorizationRequest request = validate(dialect, app, redirectUri, params);
            try {
                resources.requested(request.resources());
            } catch (OAuthError e) {
                // RFC 8707 §2: an unknown or malformed resource is invalid_target, redirected like any §4.1.2.1 error.
                throw new AuthorizationError("invalid_target", e.getMessage(), request.target());
            }
            return request;
        });
    }

    /** RFC 6749 §3.1.2.3 with RFC 9700 §4.1.3: exact string comparison, or the only registered URI when omitted. */
    static String redirectUri(App app, String given) {
        List<String> registered = Arrays.asList(app.redirectUris);
        if (given == null) {
            if (registered.size() == 1) {
                return registered.get(0);
            }
            throw new RequestRefused(registered.isEmpty() ? "the app has no registered redirect_uri"
                    : "redirect_uri is required: the app registered several");
        }
        if (!registered.contains(given)) {
            throw new RequestRefused("redirect_uri is not registered for this app");
        }
        return given;
    }

    static AuthorizationRequest validate(Dialect dialect, App app, String redirectUri, FormBody params) {
        String rawState = params.repeated("state") ? null : params.asMap().getOrDefault("state", java.util.List.of()).stream().findFirst().orElse(null);
        // A state holding a NUL cannot be stored or trusted: the error goes back without it.
        String state = rawState == null || rawState.indexOf('\u0000') >= 0 ? null : rawState;
        if (state != null && state.length() > MAX_STATE) {
            throw new AuthorizationError("invalid_request", "state is longer than " + MAX_STATE + " characters",
                    new Target(dialect, redirectUri, null));
        }
        Target target = new Target(dialect, redirectUri, state);
        // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
        for (var entry : params.asMap().entrySet()) {
            // RFC 8707 §2: resource is the one parameter that may be repeated.
            if (entry.getValue().size() > 1 && !entry.getKey().equals(AuthorizationRequest.RESOURCE)) {
                throw invalidRequest("parameter " + safeName(entry.getKey()) + " is repeated", target);
            }
        }
        String withNul = params.firstWithNul();
        if (withNul != null) {
            throw invalidRequest("parameter " + safeName(withNul) + " contains a NUL character", target);
        }
        String responseType = params.single("response_type");
        if (responseType == null && dialect == Dialect.OAUTH2) {
            throw invalidRequest("response_type is missing", target);
        }
        if (responseType != null && !responseType.equals("code")) {
            throw new AuthorizationError("unsupported_response_type", "only response_type=code is supported", target);
        }
        if (params.single("request") != null) {
            throw new AuthorizationError("request_not_supported", "request objects are not supported", target);
        }
        if (params.single("request_uri") != null) {
            throw new AuthorizationError("request_uri_not_supported", "request_uri is not supported", target);
        }
        String responseMode = params.single("response_mode");
        if (responseMode != null && !responseMode.equals("query")) {
            throw invalidRequest("only response_mode=query is supported", target);
        }
        Set<String> scopes = scopes(app, params.single("scope"), target);
        if (scopes.contains(Scope.OPENID.value()) && params.single("redirect_uri") == null) {
            // OIDC Core §3.1.2.1: redirect_uri is REQUIRED in an OpenID request.
            throw invalidRequest("redirect_uri is required with scope openid", target);
        }
        String nonce = params.single("nonce");
        if (nonce != null && (nonce.isEmpty() || nonce.length() > MAX_NONCE || nonce.chars().anyMatch(Character::isISOControl))) {
            throw invalidRequest("nonce must be 1 to " + MAX_NONCE + " characters without control characters", target);
        }
        String challenge = params.single("code_challenge");
        String method = params.single("code_challenge_method");
        if (challenge == null) {
            if (method != null) {
                throw invalidRequest("code_challenge_method without code_challenge", target);
            }
            if (!app.confidential()) {
                // RFC 9700 §2.1.1: public clients must use PKCE.
                throw invalidRequest("code_challenge is required (PKCE, RFC 7636) for this app", target);
            }
        } else {
            // RFC 7636 §4.2 defaults to plain; RFC 9700 §2.1.1 forbids it, so only an explicit S256 passes.
            if (method == null || method.equals("plain")) {
                throw invalidRequest("code_challenge_method must be S256; plain is not allowed", target);
            }
            if (!method.equals("S256")) {
                throw invalidRequest("code_challenge_method must be S256", target);
            }
            if (!S256_CHALLENGE.matcher(challenge).matches()) {
                throw invalidRequest("code_challenge must be 43 base64url characters (RFC 7636 §4.2)", target);
            }
        }
        Set<String> prompt = prompt(params.single("prompt"), target);
        Long maxAge = maxAge(params.single("max_age"), target);
        return new AuthorizationRequest(dialect, app, redirectUri, scopes, state, nonce, challenge,
                challenge == null ? null : method, prompt, maxAge, params.asMap());
    }

    /** RFC 6749 §3.3; every scope must exist and be allowed for the app, else invalid_scope (§4.1.2.1). */
    private static Set<String> scopes(App app, String scope, Target target) {
        if (scope == null || scope.isBlank()) {
            throw new AuthorizationError("invalid_scope", "scope is required", target);
        }
        Set<String> requested = Scope.parse(scope);
        Set<String> allowed = new LinkedHashSet<>(app.scopes());
        for (String token : requested) {
            if (Scope.of(token).isEmpty()) {
                throw new AuthorizationError("invalid_scope", "unknown scope " + safeName(token), target);
            }
            if (!allowed.contains(token)) {
                throw new AuthorizationError("invalid_scope", "scope " + token + " is not allowed for this app", target);
            }
        }
        if (requested.isEmpty()) {
            throw new AuthorizationError("invalid_scope", "scope is required", target);
        }
        return requested;
    }

    /** OIDC Core §3.1.2.1: space-separated; none must stand alone. */
    private static Set<String> prompt(String value, Target target) {
        if (value == null) {
            return Set.of();
        }
        Set<String> prompt = Scope.parse(value);
        for (String p : prompt) {
            if (!PROMPTS.contains(p)) {
                throw invalidRequest("prompt must be none, login, consent or select_account", target);
            }
        }
        if (prompt.contains("none") && prompt.size() > 1) {
            throw invalidRequest("prompt=none cannot be combined with other values", target);
        }
        return prompt;
    }

    private static Long maxAge(String value, Target target) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw invalidRequest("max_age must be a number of seconds", target);
        }
        return Long.parseLong(value);
    }

    private static AuthorizationError invalidRequest(String description, Target target) {
        return new AuthorizationError("invalid_request", description, target);
    }

    /** Echo a parameter name or scope only when it is short and plain. */
    static String safeName(String value) {
        return value.length() <= 40 && value.matches("[A-Za-z0-9_.:-]+") ? value : "(not shown)";
    }

    private static <T> Uni<T> refused(String message) {
        return Uni.createFrom().failure(new RequestRefused(message));
    }
}
