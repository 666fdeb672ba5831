package dev.userinfo.auth.user;

import java.util.Base64;
import java.util.Optional;

/**
 * An argon2id hash in the PHC string format {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (RFC 9106
 * parameters, unpadded standard base64), as {@link PasswordHasher} writes it. Parsing never echoes the text: it may be a
 * secret's hash.
 */
record PhcHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** RFC 9106 §3.1: salt 8 bytes or more (16 recommended), tag 4 bytes or more; above 64 nothing is gained. */
    static final int MIN_SALT = 8;
    static final int MAX_SALT = 64;
    static final int MIN_HASH = 16;
    static final int MAX_HASH = 64;

    /** The hash when {@code phc} is well-formed with parameters argon2id accepts (m ≥ 8·p, t ≥ 1, 1 ≤ p ≤ 255). */
    static Optional<PhcHash> parse(String phc) {
        if (phc == null || phc.length() > 256) {
            return Optional.empty();
        }
        String[] parts = phc.split("\\$", -1);
        // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
        if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return Optional.empty();
        }
        String[] params = parts[3].split(",", -1);
        if (params.length != 3 || !params[0].startsWith("m=") || !params[1].startsWith("t=") || !params[2].startsWith("p=")) {
            return Optional.empty();
        }
        try {
            int m = number(params[0]);
            int t = number(params[1]);
            int p = number(params[2]);
            byte[] salt = B64D.decode(parts[4]);
            byte[] hash = B64D.decode(parts[5]);
            if (t < 1 || p < 1 || p > 255 || m < 8 * p || salt.length < MIN_SALT || salt.length > MAX_SALT
                    || hash.length < MIN_HASH || hash.length > MAX_HASH) {
                return Optional.empty();
            }
            return Optional.of(new PhcHash(m, t, p, salt, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A decimal parameter value of at most 9 digits (no sign, no leading +), so it always fits an int. */
    private static int number(String keyValue) {
        String digits = keyValue.substring(2);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a parameter value");
        }
        return Integer.parseInt(digits);
    }
}
