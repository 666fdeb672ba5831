package dev.userinfo.auth.key;

import dev.userinfo.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Encrypts private signing keys at rest with AES-256-GCM; the kid is bound as associated data. */
@ApplicationScoped
public class KeyEncryption {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey kek;
    private final SecureRandom random = new SecureRandom();

    public KeyEncryption(AuthConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.signing().keyEncryptionKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("auth.signing.key-encryption-key is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("auth.signing.key-encryption-key must be 32 bytes (base64 of 256 bits)");
        }
        this.kek = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(String kid, byte[] plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting a signing key failed", e);
        }
    }

    public byte[] decrypt(String kid, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            // Wrong key-encryption key, or a tampered row: never sign with it.
            throw new IllegalStateException("signing key " + kid + " cannot be decrypted with the configured key-encryption key");
        }
    }
}
