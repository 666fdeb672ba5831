package dev.userinfo.contracts.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When renewed certificate files are loaded (issue #16, 6): only on a change, and only once it held for one check. */
class CertificateRenewalTest {

    @Test
    void unchangedFilesAreNeverReloaded() {
        assertFalse(CertificateRenewal.due("a", "a", "a"));
    }

    @Test
    void aChangeIsReloadedOnceItHeldForOneCheck() {
        assertFalse(CertificateRenewal.due("a", "a", "b"), "just seen: the key may not be written yet");
        assertTrue(CertificateRenewal.due("a", "b", "b"));
    }

    @Test
    void aChangeStillInProgressWaits() {
        assertFalse(CertificateRenewal.due("a", "b", "c"));
    }

    @Test
    void theFingerprintFollowsEachFilesContentAndNoticesAMissingFile(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "one");
        Path key = Files.writeString(dir.resolve("tls.key"), "key");
        String first = CertificateRenewal.fingerprint(List.of(cert, key));
        assertEquals(first, CertificateRenewal.fingerprint(List.of(cert, key)));
        Files.writeString(key, "renewed key");
        String renewed = CertificateRenewal.fingerprint(List.of(cert, key));
        assertNotEquals(first, renewed);
        Files.delete(key);
        assertNotEquals(renewed, CertificateRenewal.fingerprint(List.of(cert, key)));
    }
}
