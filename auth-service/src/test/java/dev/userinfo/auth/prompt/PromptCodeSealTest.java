package dev.userinfo.auth.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.key.KeyEncryption;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** An approved prompt's code at rest for the poll: sealed, bound to its request. Plain unit test, real AES-GCM. */
class PromptCodeSealTest {

    private static final String KEK = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    /** An AuthConfig whose only answer is the key-encryption key. */
    private static PromptCodeSeal seal() {
        AuthConfig.Signing signing = (AuthConfig.Signing) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.Signing.class}, (p, m, a) -> m.getName().equals("keyEncryptionKey") ? KEK : null);
        AuthConfig config = (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] {AuthConfig.class},
                (p, m, a) -> m.getName().equals("signing") ? signing : null);
        return new PromptCodeSeal(new KeyEncryption(config));
    }

    @Test
    void whenSealedThenOnlyItsOwnRequestOpensIt() {
        PromptCodeSeal seal = seal();
        String request = PromptIds.newId();
        byte[] sealed = seal.seal(request, "the-code-value");
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("the-code-value"));
        assertEquals("the-code-value", seal.open(request, sealed));
        assertThrows(IllegalStateException.class, () -> seal.open(PromptIds.newId(), sealed), "a row copied to another request");
    }
}
