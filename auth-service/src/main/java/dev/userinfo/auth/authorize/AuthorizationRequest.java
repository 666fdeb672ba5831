package dev.userinfo.auth.authorize;

import dev.userinfo.auth.app.App;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1), whichever door it came
 * through. {@code parameters} are the request as received, so it can be carried through login and the consent
 * form and validated again there.
 */
public record AuthorizationRequest(Dialect dialect, App app, String redirectUri, Set<String> scopes, String state,
                                   String nonce, String codeChallenge, String codeChallengeMethod, Set<String> prompt,
                                   Long maxAge, Map<String, List<String>> parameters) {

    /** RFC 8707 §2's parameter, which may be sent once per resource server. */
    public static final String RESOURCE = "resource";

    /** The RFC 8707 resources the request names (checked by the parser); empty = every resource server. */
    public List<String> resources() {
        return parameters.getOrDefault(RESOURCE, List.of());
    }

    /** Where an error goes: the request's redirect URI with its state (RFC 6749 §4.1.2.1). */
    public Target target() {
        return new Target(dialect, redirectUri, state);
    }

    /**
     * The request as a query string. {@code afterLogin}: the URL the login page comes back to, where the login that
     * is about to happen satisfies {@code prompt=login} and {@code max_age} (OIDC Core §3.1.2.1: handled once, no
     * loop), while every other prompt value, {@code consent} above all, is kept (issue #13 item 6).
     */
    public String query(boolean afterLogin) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, values) -> {
            if (afterLogin && name.equals("max_age")) {
                return;
            }
            for (String value : values) {
                if (afterLogin && name.equals("prompt")) {
                    String kept = String.join(" ", prompt.stream().filter(p -> !p.equals("login")).sorted().toList());
                    if (!kept.isEmpty()) {
                        query.add(encode(name) + "=" + encode(kept));
                    }
                    continue;
                }
                query.add(encode(name) + "=" + encode(value));
            }
        });
        return query.toString();
    }

    /** This request's URL on its own door; {@code afterLogin} as in {@link #query}. */
    public String path(boolean afterLogin) {
        return dialect.entryPath() + "?" + query(afterLogin);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
