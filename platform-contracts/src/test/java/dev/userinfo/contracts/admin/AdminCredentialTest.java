package dev.userinfo.contracts.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminCredentialTest {

    @Test
    void whenTheBearerTokenMatchesThenAccepted() {
        AdminCredential credential = new AdminCredential(Optional.of("s3cret"));
        assertTrue(credential.accepts("Bearer s3cret"));
        assertTrue(credential.accepts("bearer s3cret"));   // RFC 9110 §11.1: the scheme is case-insensitive
    }

    @Test
    void whenTheCredentialIsAnythingElseThenRefused() {
        AdminCredential credential = new AdminCredential(Optional.of("s3cret"));
        assertFalse(credential.accepts("Bearer s3cret2"));
        assertFalse(credential.accepts("Bearer s3cre"));
        assertFalse(credential.accepts("Basic s3cret"));
        assertFalse(credential.accepts("s3cret"));
        assertFalse(credential.accepts(null));
    }

    @Test
    void whenNoTokenIsConfiguredThenEveryoneIsRefused() {
        assertFalse(new AdminCredential(Optional.empty()).accepts("Bearer "));
        assertFalse(new AdminCredential(Optional.of("  ")).accepts("Bearer   "));
    }
}
