package dev.userinfo.auth.token;

import java.util.regex.Pattern;

/** Opaque values we hand out (codes, refresh tokens): 256 random bits in base64url, 43 characters. */
final class OpaqueTokens {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private OpaqueTokens() {
    }

    /** Whether this could be one of ours; anything else is refused without a database round trip. */
    static boolean wellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}
