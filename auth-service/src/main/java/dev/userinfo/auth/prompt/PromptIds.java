package dev.userinfo.auth.prompt;

import java.security.SecureRandom;
import java.util.Base64;

/** The random values a request carries: its id ({@code pr_} and 22 base64url characters) and its OAuth state. */
final class PromptIds {

    private static final int ID_BYTES = 16;

    private PromptIds() {
    }

    /** A new request id. */
    static String newId() {
        return "pr_" + random();
    }

    /** A new state for the request's authorization URL (RFC 6749 §10.12). */
    static String newState() {
        return random();
    }

    /** Only ids this service could have made are looked up. */
    static boolean wellFormed(String id) {
        return id != null && id.length() == 25 && id.startsWith("pr_") && id.substring(3).chars().allMatch(c ->
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    private static String random() {
        byte[] bytes = new byte[ID_BYTES];
        // Made where used, not static (issue #17; ClientSecrets says why).
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
