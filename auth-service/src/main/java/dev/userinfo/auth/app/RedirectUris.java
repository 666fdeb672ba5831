package dev.userinfo.auth.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Which redirect URIs may be registered (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1). */
final class RedirectUris {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");
    static final int MAX_LENGTH = 2000;

    private RedirectUris() {
    }

    /** Null when acceptable, else why not. */
    static String problem(String value) {
        if (value == null || value.isBlank()) {
            return "redirect URI is empty";
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            return "redirect URI must not contain spaces or control characters";
        }
        if (value.length() > MAX_LENGTH) {
            return "redirect URI is longer than " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "redirect URI is not a valid URI: " + value;
        }
        if (!uri.isAbsolute()) {
            return "redirect URI must be absolute: " + value;
        }
        if (uri.getRawFragment() != null) {
            return "redirect URI must not have a fragment (RFC 6749 §3.1.2): " + value;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return uri.getHost() == null ? "redirect URI has no host: " + value : null;
        }
        if (scheme.equals("http")) {
            return uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT)) ? null
                    : "plain http is allowed only for loopback redirect URIs (RFC 8252 §7.3): " + value;
        }
        if (Set.of("javascript", "data", "file", "vbscript").contains(scheme)) {
            return "redirect URI scheme is not allowed: " + value;
        }
        // Native apps: private-use schemes in reverse domain notation (RFC 8252 §7.1).
        return scheme.contains(".") ? null : "custom scheme must be reverse domain notation (RFC 8252 §7.1): " + value;
    }
}
