package dev.userinfo.auth.page;

import dev.userinfo.auth.app.ClientSecrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Synchronizer tokens (OWASP CSRF cheat sheet): derived from the secret session id, or from the pre-session
 * cookie on the login form, so they need no storage and differ from the cookie they are bound to.
 */
public final class Csrf {

    /** Form field name in every page's forms. */
    public static final String FIELD = "csrf";

    private Csrf() {
    }

    public static String forSession(String sessionId) {
        return derive("session-csrf\u0000", sessionId);
    }

    public static String forLoginForm(String preSessionId) {
        return derive("login-csrf\u0000", preSessionId);
    }

    /** Constant-time comparison; a missing token never matches. */
    public static boolean matches(String expected, String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String derive(String purpose, String secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ClientSecrets.hash(purpose + secret));
    }
}
