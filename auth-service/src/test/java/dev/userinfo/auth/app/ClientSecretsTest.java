package dev.userinfo.auth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Client secrets: 256 random bits, stored as SHA-256, compared in constant time. */
class ClientSecretsTest {

    @Test
    void generateWhenCalledThen256BitsAsUnpaddedBase64UrlAndNeverTheSame() {
        String secret = ClientSecrets.generate();
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        assertNotEquals(secret, ClientSecrets.generate());
    }

    @Test
    void hashWhenHashedThenSha256OfTheUtf8Bytes() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(ClientSecrets.hash("abc")));
    }

    @Test
    void matchesWhenThePresentedSecretHashesToTheStoredHashThenTrue() {
        String secret = ClientSecrets.generate();
        assertTrue(ClientSecrets.matches(secret, ClientSecrets.hash(secret)));
    }

    @Test
    void matchesWhenAnotherSecretOrAnythingIsMissingThenFalse() {
        byte[] stored = ClientSecrets.hash("right");
        assertFalse(ClientSecrets.matches("wrong", stored));
        assertFalse(ClientSecrets.matches(null, stored));
        assertFalse(ClientSecrets.matches("right", null));
        assertFalse(ClientSecrets.matches("", ClientSecrets.hash("right")));
    }
}
