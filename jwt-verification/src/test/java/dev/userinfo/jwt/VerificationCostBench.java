package dev.userinfo.jwt;

import dev.userinfo.contracts.tls.RenewedTrust;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.JwksTestServer;
import dev.userinfo.jwt.testing.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: what one access-token verification costs, before (jose4j's JwtConsumer, configured as
 * AccessTokenVerifier was before SmallRye JWT) and after, in one JVM over distinct tokens, so that no cache hides
 * the RSA check. Run with {@code -Djwt.bench=true}; the figures go into the README ("Verification cost").
 */
@EnabledIfSystemProperty(named = "jwt.bench", matches = "true")
class VerificationCostBench {

    private static final int TOKENS = Integer.getInteger("jwt.bench.tokens", 1000);
    private static final int ROUNDS = Integer.getInteger("jwt.bench.rounds", 15);

    private static final List<String> CUSTOM_CLAIMS = List.of("client_id", "scope", "open_id", "gid", "gty");

    @FunctionalInterface
    private interface Verification {
        void verify(String token) throws Exception;
    }

    @Test
    void measure() throws Exception {
        TestTokens tokens = new TestTokens(JwksTestResource.ISSUER);
        try (JwksTestServer server = new JwksTestServer(tokens, JwksTestServer.localTlsDir())) {
            Vertx vertx = Vertx.vertx();
            AccessTokenVerifierTest.Config config = new AccessTokenVerifierTest.Config(URI.create(server.jwksUrl()),
                    TestTokens.USERINFO_SERVICE, Duration.ofSeconds(2)) {
                @Override public int verifiedTokenCacheSize() { return 0; }
            };
            JwksCache cache = new JwksCache(config, vertx, Clock.systemUTC(), new WebClientOptions().setSsl(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(caPath())));
            for (int attempt = 0; attempt < 10 && !cache.ready(); attempt++) {
                // A loaded machine may miss the first connection timeout; the JWKS must be in before timing starts.
                cache.refresh().onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(30));
            }
            JWTAuthContextInfo rules = AccessTokenRules.contextInfo(config, config.audience());
            DefaultJWTParser parser = new DefaultJWTParser(rules);
            AccessTokenVerifier verifier = new AccessTokenVerifier(cache, config, rules,
                    new RevocationFollower(config, vertx, null, new RenewedTrust(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                    new PersonalTokenResolver(config, vertx, null, new RenewedTrust()));
            PublicKey key = tokens.currentKey().getPublicKey();

            List<String> sample = new ArrayList<>();
            for (int i = 0; i < TOKENS; i++) {
                sample.add(tokens.token().subject(Integer.toString(i)).clientId("bench-app").scope("openid profile").sign());
            }

            Map<String, Verification> paths = new LinkedHashMap<>();
            JwtConsumer before = jose4jAsBefore(tokens, config);
            paths.put("before: jose4j JwtConsumer (key from the cache)", before::processToClaims);
            paths.put("SmallRye JWT JWTParser.verify(token, key)", token -> parser.verify(token, key));
            paths.put("  … and getClaim of client_id scope open_id gid gty", token -> {
                JsonWebToken jwt = parser.verify(token, key);
                for (String claim : CUSTOM_CLAIMS) {
                    jwt.getClaim(claim);
                }
            });
            paths.put("after: AccessTokenVerifier.verify, cache off", token -> verifier.verify(token).await().indefinitely());
            DefaultJWTParser ownJwks = new DefaultJWTParser(smallRyeFetchingTheJwks(config, server));
            paths.put("SmallRye JWT with its own HTTPS JWKS (KeyLocationResolver)", ownJwks::parse);

            Map<String, List<Double>> perToken = new LinkedHashMap<>();
            paths.keySet().forEach(name -> perToken.put(name, new ArrayList<>()));
            List<Map.Entry<String, Verification>> order = new ArrayList<>(paths.entrySet());
            for (int round = 0; round < ROUNDS; round++) {
                // Each round starts with another path, so a burst of load on a shared machine hits each one alike.
                java.util.Collections.rotate(order, 1);
                for (Map.Entry<String, Verification> path : order) {
                    long start = System.nanoTime();
                    for (String token : sample) {
                        path.getValue().verify(token);
                    }
                    perToken.get(path.getKey()).add((System.nanoTime() - start) / 1000.0 / sample.size());
                }
            }
            System.out.printf("%d distinct RS256 tokens, %d rounds (the first two are warm-up), median of the rest:%n", TOKENS, ROUNDS);
            perToken.forEach((name, micros) -> {
                double[] measured = micros.stream().skip(2).mapToDouble(Double::doubleValue).sorted().toArray();
                double median = measured[measured.length / 2];
                System.out.printf("  %-62s %8.1f µs/token  %8.0f tokens/s/core  rounds %s%n", name, median,
                        1_000_000 / median, Arrays.toString(micros.stream().mapToLong(Math::round).toArray()));
            });
            vertx.closeAndAwait();
        }
    }

    private static String caPath() {
        return JwksTestServer.localTlsDir().resolve("ca.crt").toString();
    }

    /** The consumer AccessTokenVerifier built before this change, kept here only as the baseline. */
    private static JwtConsumer jose4jAsBefore(TestTokens tokens, JwtVerificationConfig config) {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setVerificationKey(tokens.currentKey().getPublicKey())
                .setRequireExpirationTime().setRequireIssuedAt().setRequireSubject().setRequireJwtId()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .setExpectedIssuer(true, config.issuer())
                .setExpectedAudience(true, config.audience())
                .build();
    }

    /** SmallRye JWT left to fetch and cache the JWKS itself (jose4j HttpsJwks), trusting the local CA. */
    private static JWTAuthContextInfo smallRyeFetchingTheJwks(JwtVerificationConfig config, JwksTestServer server) {
        JWTAuthContextInfo info = AccessTokenRules.contextInfo(config, config.audience());
        info.setPublicKeyLocation(server.jwksUrl());
        info.setTlsCertificatePath("file:" + caPath());
        info.setJwksRefreshInterval(5);
        info.setForcedJwksRefreshInterval(1);
        return info;
    }
}
