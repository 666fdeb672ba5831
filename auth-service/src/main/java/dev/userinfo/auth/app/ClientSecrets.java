package dev.userinfo.auth.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Client secrets: 256 random bits, shown once, stored as SHA-256. A fast hash is enough for values with that
 * much entropy (unlike passwords); it keeps the token endpoint fast.
 */
public final class ClientSecrets {

    private ClientSecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        // Made where used, not held in a static field: Quarkus initialises this class at native-image build time, so
        // a static generator would be seeded in the image heap (issue #17); NativePRNG instances are cheap to make.
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented secret with the stored hash. */
    public static boolean matches(String presented, byte[] storedHash) {
        return presented != null && storedHash != null && MessageDigest.isEqual(hash(presented), storedHash);
    }
}
