package dev.userinfo.auth.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.userinfo.auth.config.AuthConfig;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Private signing keys at rest: AES-256-GCM bound to their kid. Plain unit test, no mocks of our own code. */
class KeyEncryptionTest {

    private static final String KEK = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_KEK = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

    /** An AuthConfig whose only answer is the key-encryption key. */
    private static AuthConfig config(String kek) {
        AuthConfig.Signing signing = (AuthConfig.Signing) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.Signing.class}, (p, m, a) -> m.getName().equals("keyEncryptionKey") ? kek : null);
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] {AuthConfig.class},
                (p, m, a) -> m.getName().equals("signing") ? signing : null);
    }

    @Test
    void roundTripsAndHidesThePlaintext() {
        KeyEncryption encryption = new KeyEncryption(config(KEK));
        byte[] secret = "a private key in PKCS#8".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = encryption.encrypt("kid-1", secret);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("PKCS#8"));
        assertArrayEquals(secret, encryption.decrypt("kid-1", sealed));
        assertFalse(Arrays.equals(sealed, encryption.encrypt("kid-1", secret)), "a fresh IV every time");
    }

    @Test
    void aRowMovedToAnotherKidOrTamperedWithDoesNotDecrypt() {
        KeyEncryption encryption = new KeyEncryption(config(KEK));
        byte[] sealed = encryption.encrypt("kid-1", new byte[] {1, 2, 3});
        assertThrows(IllegalStateException.class, () -> encryption.decrypt("kid-2", sealed));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> encryption.decrypt("kid-1", sealed));
    }

    @Test
    void anotherKeyEncryptionKeyCannotDecrypt() {
        byte[] sealed = new KeyEncryption(config(KEK)).encrypt("kid-1", new byte[] {1, 2, 3});
        assertThrows(IllegalStateException.class, () -> new KeyEncryption(config(OTHER_KEK)).decrypt("kid-1", sealed));
    }

    @Test
    void refusesAKeyEncryptionKeyThatIsNot256BitsOfBase64() {
        assertThrows(IllegalStateException.class, () -> new KeyEncryption(config("not base64!")));
        assertThrows(IllegalStateException.class, () -> new KeyEncryption(config(Base64.getEncoder().encodeToString(new byte[16]))));
    }
}
