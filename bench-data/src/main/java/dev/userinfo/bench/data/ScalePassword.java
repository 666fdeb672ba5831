package dev.userinfo.bench.data;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Every scale user's password, {@code scale-password}, hashed once as auth-service's PasswordHasher does (argon2id,
 * RFC 9106, its production parameters m=19456, t=2, p=1, 16-byte salt, 32-byte tag, PHC string), so each import
 * line carries it as {@code password_hash} and no request pays a hash.
 */
final class ScalePassword {

    static final String PASSWORD = "scale-password";
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private ScalePassword() {
    }

    static String hash() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return phc(PASSWORD, salt);
    }

    static String phc(String password, byte[] salt) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(MEMORY_KIB)
                .withIterations(ITERATIONS).withParallelism(PARALLELISM).build());
        byte[] tag = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), tag);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(tag);
    }
}
