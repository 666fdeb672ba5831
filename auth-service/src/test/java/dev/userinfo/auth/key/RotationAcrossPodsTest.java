package dev.userinfo.auth.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.token.AccessTokenIssuer;
import dev.userinfo.contracts.tls.RenewedTrust;
import dev.userinfo.jwt.AccessTokenRules;
import dev.userinfo.jwt.AccessTokenVerifier;
import dev.userinfo.jwt.JwksCache;
import dev.userinfo.jwt.JwtVerificationConfig;
import dev.userinfo.jwt.PersonalTokenResolver;
import dev.userinfo.jwt.RevocationFollower;
import dev.userinfo.jwt.testing.JwksTestServer;
import dev.userinfo.jwt.testing.TestHttps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 item 7, done-when: the signing key rotates while resource services refetch the JWKS through a Service in
 * front of two auth-service pods on one database, one of them lagging, and no valid token is refused.
 *
 * <p>Pod A is this application. Pod B is the same key ring code instantiated a second time on the same database, its
 * JWKS served over HTTPS, re-read only by its own timer every {@code auth.signing.refresh-interval} (as the scheduler
 * does on another pod), first one interval after the rotation, so it lags as long as a pod can. The
 * Service answers each JWKS fetch from A and B in turn, except for one resource pod whose kept-alive connection is
 * pinned to B (kube-proxy balances connections, not requests). The resource services are two pods' worth of jwt-verification's
 * real {@link AccessTokenVerifier} and {@link JwksCache} (refetch on an unknown kid), so the two refetches a new kid
 * causes reach both auth pods. Nothing is mocked; the test config's publish delay is 5 s, the refresh interval 1 s.
 */
@QuarkusTest
class RotationAcrossPodsTest {

    private static final String AUDIENCE = "https://localhost:8444";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    AuthConfig config;

    @Inject
    KeyEncryption encryption;

    @Inject
    AccessTokenIssuer issuer;

    /** An access token signed by pod A as its token endpoint signs them (in process: the first one right after the rotation). */
    private String token() {
        return issuer.issue("demo-app", "demo-app", List.of("profile"), java.util.Map.of("gty", "client-credentials")).value();
    }

    private static String kid(String jwt) throws Exception {
        return JsonWebStructure.fromCompactSerialization(jwt).getKeyIdHeaderValue();
    }

    @Test
    void aRotationRefusesNoValidTokenWhileTheJwksComesFromALaggingPod() throws Throwable {
        Path tls = JwksTestServer.localTlsDir();
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService podBScheduler = Executors.newSingleThreadScheduledExecutor();
        HttpServer service = null;
        try {
            SigningKeyRing podB = new SigningKeyRing(config, encryption);
            VertxContextSupport.subscribeAndAwait(podB::reload);
            WebClient toPodA = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(tls.resolve("ca.crt").toString())));
            AtomicInteger fetches = new AtomicInteger();
            List<String> answeredBy = java.util.Collections.synchronizedList(new ArrayList<>());
            // The Service: round robin over the two pods, one JWKS fetch each in turn.
            service = vertx.getDelegate().createHttpServer(new HttpServerOptions().setSsl(true).setHost("localhost").setPort(0)
                            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.resolve("server.crt").toString())
                                    .setKeyPath(tls.resolve("server.key").toString())))
                    .requestHandler(request -> {
                        // A kept-alive connection through the Service stays on one pod: /pinned/ always reaches B.
                        if (request.path().startsWith("/pinned/") || fetches.getAndIncrement() % 2 == 1) {
                            answeredBy.add("B");
                            request.response().putHeader("Content-Type", "application/jwk-set+json").end(podB.jwksJson());
                            return;
                        }
                        answeredBy.add("A");
                        toPodA.getAbs(url.toString().replaceAll("/$", "") + "/.well-known/jwks.json").send().subscribe().with(
                                answer -> request.response().putHeader("Content-Type", "application/jwk-set+json")
                                        .end(answer.bodyAsString()),
                                failure -> request.response().setStatusCode(502).end());
                    })
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            URI jwksUrl = URI.create("https://localhost:" + service.actualPort() + "/.well-known/jwks.json");
            // One resource pod's fetches go round robin; the other's connection is pinned to the lagging pod B, so no
            // refetch can reach A by luck (a verifier refetches an unknown kid more than once).
            URI pinnedUrl = URI.create("https://localhost:" + service.actualPort() + "/pinned/.well-known/jwks.json");
            List<AccessTokenVerifier> resourcePods = List.of(verifier(vertx, jwksUrl, tls), verifier(vertx, pinnedUrl, tls));

            String before = token();
            for (AccessTokenVerifier resourcePod : resourcePods) {
                resourcePod.verify(before).await().atMost(Duration.ofSeconds(10));
            }

            // Pod B re-read the ring before the rotation and next does so one refresh interval after it: as late as a
            // pod can be (its scheduler fires every refresh interval, whenever the rotation happens).
            VertxContextSupport.subscribeAndAwait(podB::refresh);
            io.restassured.path.json.JsonPath rotated = TestHttps.given(url).header("Authorization", "Bearer test-admin-token")
                    .post("/admin/keys/rotate").then().statusCode(200).extract().jsonPath();
            long refreshMillis = config.signing().refreshInterval().toMillis();
            podBScheduler.scheduleAtFixedRate(() -> {
                try {
                    VertxContextSupport.subscribeAndAwait(podB::refresh);
                } catch (Throwable failure) {
                    // refresh() logs and recovers; a test thread interrupted at the end lands here
                }
            }, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
            String newKid = rotated.getString("kid");
            Instant signsFrom = Instant.parse(rotated.getString("signsFrom"));

            // Tokens from pod A before, across and after the switch; each resource pod verifies each one.
            List<String> refused = new ArrayList<>();
            int newKeyTokens = 0;
            Instant until = signsFrom.plus(config.signing().refreshInterval().multipliedBy(2));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Instant.now().isBefore(until) || newKeyTokens < 3) {
                assertTrue(System.nanoTime() < deadline, "the new key never signed");
                String token = token();
                if (newKid.equals(kid(token))) {
                    // The rule itself: when a pod first signs with the key, the lagging pod publishes it already.
                    assertTrue(newKeyTokens > 0 || podB.jwksJson().contains(newKid),
                            "pod A signs with a key the lagging pod does not publish yet");
                    newKeyTokens++;
                }
                for (int pod = 0; pod < resourcePods.size(); pod++) {
                    try {
                        resourcePods.get(pod).verify(token).await().atMost(Duration.ofSeconds(10));
                    } catch (RuntimeException e) {
                        refused.add("resource pod " + pod + ", kid " + kid(token) + ": " + e.getMessage());
                    }
                }
                Thread.sleep(50);
            }
            assertEquals(List.of(), refused, "no valid token refused; JWKS answered by " + answeredBy);
            assertTrue(answeredBy.contains("B") && answeredBy.subList(2, answeredBy.size()).contains("B"),
                    "the lagging pod answered a refetch after the rotation: " + answeredBy);
            assertEquals(newKid, podB.active().kid(), "pod B signs with the new key too, without being told");
            assertFalse(before.isEmpty());
        } finally {
            podBScheduler.shutdownNow();
            if (service != null) {
                service.close();
            }
            vertx.closeAndAwait();
        }
    }

    /** One resource-service pod's verifier, as jwt-verification builds it, fetching the JWKS through the Service. */
    private AccessTokenVerifier verifier(Vertx vertx, URI jwksUrl, Path tls) {
        JwtVerificationConfig resource = new ResourceServiceConfig(config.issuer(), jwksUrl);
        WebClientOptions options = new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(tls.resolve("ca.crt").toString()));
        JwksCache cache = new JwksCache(resource, vertx, Clock.systemUTC(), options);
        return new AccessTokenVerifier(cache, resource, AccessTokenRules.contextInfo(resource, AUDIENCE),
                new RevocationFollower(resource, vertx, null, new RenewedTrust(), new SimpleMeterRegistry()),
                new PersonalTokenResolver(resource, vertx, null, new RenewedTrust()));
    }

    /** platform.jwt.* of a resource service (userinfo-service's audience), revocation and personal tokens off. */
    private record ResourceServiceConfig(String issuer, URI jwksUrl) implements JwtVerificationConfig {
        @Override public String audience() { return AUDIENCE; }
        @Override public List<String> algorithms() { return List.of("RS256"); }
        @Override public Duration clockSkew() { return Duration.ofSeconds(30); }
        @Override public Duration jwksRefreshInterval() { return Duration.ofMinutes(5); }
        // Below the 2 s default so the test is quick; it only spaces refetches, it never makes one succeed.
        @Override public Duration jwksMinRefetchInterval() { return Duration.ofMillis(200); }
        @Override public Duration jwksFetchTimeout() { return Duration.ofSeconds(5); }
        @Override public Optional<String> tlsConfigurationName() { return Optional.empty(); }
        @Override public int verifiedTokenCacheSize() { return 100; }
        @Override public int maxTokenLength() { return 8192; }
        @Override public Optional<String> clientId() { return Optional.empty(); }
        @Override public Optional<String> clientSecret() { return Optional.empty(); }

        @Override
        public Revocation revocation() {
            return new Revocation() {
                @Override public boolean enabled() { return false; }
                @Override public URI feedUrl() { return URI.create("https://localhost:1/internal/revocations"); }
                @Override public Duration longPoll() { return Duration.ofSeconds(25); }
                @Override public Duration retryInterval() { return Duration.ofSeconds(1); }
                @Override public int expectedMaxEntries() { return 200_000; }
            };
        }

        @Override
        public PersonalTokens personalTokens() {
            return new PersonalTokens() {
                @Override public boolean enabled() { return false; }
                @Override public URI introspectionUrl() { return URI.create("https://localhost:1/oauth2/introspect"); }
                @Override public Duration cacheTime() { return Duration.ofSeconds(60); }
                @Override public int cacheSize() { return 10; }
                @Override public Duration timeout() { return Duration.ofSeconds(5); }
            };
        }
    }
}
