package dev.userinfo.auth.user;

import dev.userinfo.auth.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.MeterRegistry;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * argon2id (RFC 9106) password hashes in the PHC string format, from Bouncy Castle's pure-Java implementation
 * (works in a native image). The parameters are stored in each hash, so changing the configuration applies to
 * new and re-hashed passwords while old hashes still verify. CPU-heavy: call it off the event loop.
 * Every hash runs behind one bound ({@code auth.passwords.max-concurrent-hashes}): each holds memory-kib of heap
 * while it runs, so the bound, not the request rate, caps that memory (issue #13 item 5; README, "Login throttle").
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final AuthConfig.Passwords params;
    /** An instance field: a static one would be seeded at native-image build time (issue #17). */
    private final SecureRandom random = new SecureRandom();
    /** Verified against when a login names no user, so that the answer takes as long either way. */
    private final String decoy;
    private final int bound;
    private final Semaphore permits;
    private final long waitMillis;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final AtomicLong computed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** Every hasher was busy for the whole wait: the caller answers 503 with Retry-After. */
    public static final class Busy extends RuntimeException {
        public Busy() {
            super("password hashing is at its bound", null, false, false);
        }
    }

    public PasswordHasher(AuthConfig config, MeterRegistry registry) {
        this.params = config.passwords();
        this.bound = Math.max(1, config.passwords().maxConcurrentHashes()
                .orElse(Runtime.getRuntime().availableProcessors()));
        this.permits = new Semaphore(bound, true);
        this.waitMillis = Math.max(0, config.passwords().hashQueueWait().toMillis());
        this.decoy = hash("decoy-password-for-unknown-users");
        registry.gauge("auth.password.hashes.running", running);
        registry.gauge("auth.password.hashes.running.max", mostRunning);
        registry.more().counter("auth.password.hashes", java.util.List.of(), computed);
        registry.more().counter("auth.password.hashes.refused", java.util.List.of(), refused);
    }

    /** The most hashes allowed to run at once. */
    public int bound() {
        return bound;
    }

    /** The most hashes that ever ran at once since start (never above {@link #bound()}). */
    public int mostRunning() {
        return mostRunning.get();
    }

    /** Hashes computed since start (each argon2id derivation, decoys included). */
    public long computed() {
        return computed.get();
    }

    /** Hash requests refused because the bound stayed full for the whole wait. */
    public long refused() {
        return refused.get();
    }

    /** {@link #hash} on a worker thread; the result arrives back on the caller's Vert.x context. */
    public Uni<String> hashOffLoop(String password) {
        return offLoop(() -> hash(password));
    }

    /** {@link #matches} on a worker thread; the result arrives back on the caller's Vert.x context. */
    public Uni<Boolean> matchesOffLoop(String password, String phc) {
        return offLoop(() -> matches(password, phc));
    }

    private static <T> Uni<T> offLoop(java.util.concurrent.Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        // Hibernate Reactive sessions must be used on their own context: executeBlocking completes there.
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }

    /** The server is busy hashing: how long a caller should wait before trying again (RFC 9110 §10.2.3). */
    public long retryAfterSeconds() {
        return Math.max(1, (waitMillis + 999) / 1000);
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, params.memoryKib(), params.iterations(), params.parallelism(), HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code phc}; a malformed stored hash never matches. */
    public boolean matches(String password, String phc) {
        if (password == null) {
            return false;
        }
        if (phc == null) {
            matches(password, decoy);
            return false;
        }
        java.util.Optional<PhcHash> parsed = PhcHash.parse(phc);
        if (parsed.isEmpty()) {
            return false;
        }
        PhcHash stored = parsed.get();
        try {
            return MessageDigest.isEqual(stored.hash(), derive(password, stored.salt(), stored.memoryKib(),
                    stored.iterations(), stored.parallelism(), stored.hash().length));
        } catch (Busy e) {
            throw e;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Why a pre-hashed password cannot be imported, or empty when it can: a well-formed argon2id PHC string whose
     * parameters stay within auth.passwords.imported (or the configured ones), so no login costs more than allowed.
     * The message never quotes the hash.
     */
    public java.util.Optional<String> refusalOfImported(String phc) {
        java.util.Optional<PhcHash> parsed = PhcHash.parse(phc);
        if (parsed.isEmpty()) {
            return java.util.Optional.of("password_hash is not an argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)");
        }
        PhcHash hash = parsed.get();
        int maxM = Math.max(params.memoryKib(), params.imported().maxMemoryKib());
        int maxT = Math.max(params.iterations(), params.imported().maxIterations());
        int maxP = Math.max(params.parallelism(), params.imported().maxParallelism());
        if (hash.memoryKib() > maxM || hash.iterations() > maxT || hash.parallelism() > maxP) {
            return java.util.Optional.of("password_hash parameters exceed the allowed m=" + maxM + ", t=" + maxT + ", p=" + maxP);
        }
        return java.util.Optional.empty();
    }

    /** Whether a stored hash was made with weaker parameters than configured now (re-hash on next login). */
    public boolean needsRehash(String phc) {
        return phc == null || !phc.startsWith("$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations()
                + ",p=" + params.parallelism() + "$");
    }

    /** Spends the time of one verification: a login for an unknown user costs what a known one does. */
    public void burnVerification(String password) {
        matches(password == null ? "" : password, decoy);
    }

    /** One argon2id derivation, only with a permit: excess callers wait up to hash-queue-wait, then {@link Busy}. */
    private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            refused.incrementAndGet();
            throw new Busy();
        }
        try {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            computed.incrementAndGet();
            return argon2id(password, salt, memoryKib, iterations, parallelism, length);
        } finally {
            running.decrementAndGet();
            permits.release();
        }
    }

    private static byte[] argon2id(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
