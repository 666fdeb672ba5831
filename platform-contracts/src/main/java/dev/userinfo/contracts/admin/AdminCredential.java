package dev.userinfo.contracts.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The admin API's credential, the service's {@link AdminToken}; compared in constant time, never logged. */
@ApplicationScoped
public class AdminCredential {

    private final Optional<byte[]> expected;

    /** A service without an {@link AdminToken} producer (account-quota-service) has no static admin credential. */
    @Inject
    public AdminCredential(Instance<AdminToken> token) {
        this(token.isResolvable() ? token.get().value() : Optional.empty());
    }

    AdminCredential(Optional<String> token) {
        this.expected = token.filter(t -> !t.isBlank()).map(AdminCredential::sha256);
    }

    /** True when the {@code Authorization} header carries the admin token as a Bearer credential (RFC 6750 §2.1). */
    public boolean accepts(String authorization) {
        if (expected.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Hashing first makes the comparison constant-time whatever the presented length.
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
