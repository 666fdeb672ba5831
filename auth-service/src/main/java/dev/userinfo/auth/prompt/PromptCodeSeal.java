package dev.userinfo.auth.prompt;

import dev.userinfo.auth.key.KeyEncryption;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * An approved prompt's code at rest, for the app's poll: sealed with the key-encryption key (AES-256-GCM) and bound
 * to its request, so a row copied to another request does not open. The sweep forgets it after the code lifetime.
 */
@ApplicationScoped
public class PromptCodeSeal {

    private final KeyEncryption encryption;

    public PromptCodeSeal(KeyEncryption encryption) {
        this.encryption = encryption;
    }

    byte[] seal(String requestId, String code) {
        return encryption.encrypt(kid(requestId), code.getBytes(StandardCharsets.UTF_8));
    }

    String open(String requestId, byte[] sealed) {
        return new String(encryption.decrypt(kid(requestId), sealed), StandardCharsets.UTF_8);
    }

    private static String kid(String requestId) {
        return "prompt-code:" + requestId;
    }
}
