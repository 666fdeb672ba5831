package dev.userinfo.info.admin;

import dev.userinfo.info.config.UserinfoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The admin API's credential, {@code userinfo.admin.token}; compared in constant time, never logged. */
@ApplicationScoped
public class AdminCredential {

    private final Optional<byte[]> expected;

    public AdminCredential(UserinfoConfig config) {
        this.expected = config.admin().token().filter(t -> !t.isBlank()).map(AdminCredential::sha256);
    }

    /** True when the {@code Authorization} header carries the admin token as a Bearer credential. */
    public boolean accepts(String authorization) {
        if (expected.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expected.get(), sha256(authorization.substring(7).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
