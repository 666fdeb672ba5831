import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The JDK's RS256 ceiling on this machine: how many {@code SHA256withRSA} signatures (RSA-2048) the JVM can make per
 * second with one thread per core, and, for reference, how many it can verify. Every client_credentials token costs
 * exactly one such signature, so this bounds the token endpoint's throughput from above.
 *
 * <pre>
 *   java bench/SigningCeiling.java [warmupSeconds=5] [measureSeconds=10] [threads=#cores]
 * </pre>
 *
 * Verification runs after signing with half the warm-up and half the measuring time (at least 1 s each): it is only a
 * reference figure. No dependencies (JDK 17 source launcher). The last line is machine-readable ({@code RESULT ...}).
 */
public class SigningCeiling {

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : cores;

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        byte[] input = typicalSigningInput();
        Signature probe = Signature.getInstance("SHA256withRSA");
        probe.initSign(keys.getPrivate());
        probe.update(input);
        byte[] signature = probe.sign();

        System.out.printf("JVM %s (%s), provider %s, RSA-2048, signing input %d bytes, %d thread(s) on %d core(s)%n",
                System.getProperty("java.vm.version"), System.getProperty("java.vm.name"),
                probe.getProvider().getName(), input.length, threads, cores);

        // Each thread has its own Signature: instances are stateful and not thread-safe (as in a server).
        double signs = run("sign", threads, warmup, measure, () -> {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            return () -> {
                s.update(input);
                s.sign();
            };
        });
        double verifies = run("verify", threads, Math.max(1, warmup / 2), Math.max(1, measure / 2), () -> {
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(keys.getPublic());
            return () -> {
                v.update(input);
                if (!v.verify(signature)) {
                    throw new IllegalStateException("signature did not verify");
                }
            };
        });
        System.out.printf("RS256 sign:   %10.1f signatures/s total, %9.1f per core%n", signs, signs / threads);
        System.out.printf("RS256 verify: %10.1f verifications/s total, %9.1f per core%n", verifies, verifies / threads);
        System.out.printf("RESULT sign_per_s=%.1f sign_per_core=%.1f verify_per_s=%.1f verify_per_core=%.1f threads=%d cores=%d%n",
                signs, signs / threads, verifies, verifies / threads, threads, cores);
    }

    /** A header and claims like the auth-service's access tokens, base64url-encoded and joined: ~300 bytes. */
    static byte[] typicalSigningInput() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k1-20260101\"}";
        String claims = "{\"iss\":\"https://localhost:8443\",\"sub\":\"app:1\",\"aud\":[\"https://localhost:8444\",\"https://localhost:8445\"],\"client_id\":\"demo-app\","
                + "\"iat\":1767225600,\"exp\":1767226200,\"jti\":\"8d1f4e2a-6b3c-4f5d-a7e8-9c0b1d2e3f40\"}";
        return (b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
    }

    interface Op {
        void run() throws Exception;
    }

    interface OpFactory {
        Op create() throws Exception;
    }

    /** Runs {@code threads} busy loops; counts only what completes between the end of warm-up and the end of measuring. */
    static double run(String name, int threads, int warmupSeconds, int measureSeconds, OpFactory factory) throws Exception {
        LongAdder done = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long stopAt = System.nanoTime() + (warmupSeconds + measureSeconds) * 1_000_000_000L;
        for (int i = 0; i < threads; i++) {
            Op op = factory.create();
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < stopAt) {
                        op.run();
                        done.increment();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, name + "-" + i);
            workers.add(t);
            t.start();
        }
        // Warm-up lets C2 compile the BigInteger/Montgomery paths; its operations are not counted.
        Thread.sleep(warmupSeconds * 1000L);
        long startCount = done.sum();
        long start = System.nanoTime();
        Thread.sleep(measureSeconds * 1000L);
        long endCount = done.sum();
        long end = System.nanoTime();
        for (Thread t : workers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + " failed", failures.get(0));
        }
        double perSecond = (endCount - startCount) / ((end - start) / 1e9);
        System.out.printf("  %-6s warm-up %d s, measured %d s: %d operations%n", name, warmupSeconds, measureSeconds,
                endCount - startCount);
        return perSecond;
    }
}
