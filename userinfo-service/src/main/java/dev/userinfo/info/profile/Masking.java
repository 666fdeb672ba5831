package dev.userinfo.info.profile;

/**
 * Seed 002's masking: the example shows the nickname as {@code t**} (first character, then {@code **}). Phone
 * numbers and e-mail addresses are masked the same way unless the token carries {@code phone} / {@code email}.
 * Characters are code points, so a Chinese or emoji first character stays whole.
 */
public final class Masking {

    private Masking() {
    }

    /** {@code tom} → {@code t**}; "" stays "". */
    public static String nickname(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return new String(Character.toChars(value.codePointAt(0))) + "**";
    }

    /** {@code +8613812345678} → {@code +86*******5678}: all but the first three and last four characters; short ones keep only the last two. */
    public static String phone(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        int[] cp = value.codePoints().toArray();
        int keepStart = cp.length >= 11 ? 3 : 0;
        int keepEnd = cp.length >= 8 ? 4 : Math.min(2, cp.length / 2);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cp.length; i++) {
            out.appendCodePoint(i < keepStart || i >= cp.length - keepEnd ? cp[i] : '*');
        }
        return out.toString();
    }

    /** {@code alice@example.com} → {@code a***@example.com}. */
    public static String email(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        int at = value.lastIndexOf('@');
        String local = at < 0 ? value : value.substring(0, at);
        String domain = at < 0 ? "" : value.substring(at);
        if (local.isEmpty()) {
            return "***" + domain;
        }
        return new String(Character.toChars(local.codePointAt(0))) + "***" + domain;
    }
}
