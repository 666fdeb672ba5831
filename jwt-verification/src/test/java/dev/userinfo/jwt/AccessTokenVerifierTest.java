package dev.userinfo.jwt;

import dev.userinfo.contracts.tls.RenewedTrust;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.userinfo.contracts.clients.WellKnownClients;
import dev.userinfo.jwt.InvalidTokenException.Reason;
import dev.userinfo.jwt.testing.JwksTestServer;
import dev.userinfo.jwt.testing.TestTokens;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTPS JWKS endpoint and real RS256 signatures; nothing mocked. */
class AccessTokenVerifierTest {

    private static final String ISSUER = "https://auth.test.local";

    private TestTokens tokens;
    private JwksTestServer server;
    private Vertx vertx;
    private JwksCache cache;
    private AccessTokenVerifier verifier;

    @BeforeEach
    void start() {
        tokens = new TestTokens(ISSUER);
        server = new JwksTestServer(tokens, JwksTestServer.localTlsDir());
        vertx = Vertx.vertx();
        Config config = new Config(URI.create(server.jwksUrl()), TestTokens.USERINFO_SERVICE, Duration.ofMillis(300));
        WebClientOptions options = new WebClientOptions().setSsl(true).setTrustOptions(
                new PemTrustOptions().addCertPath(JwksTestServer.localTlsDir().resolve("ca.crt").toString()));
        cache = new JwksCache(config, vertx, Clock.systemUTC(), options);
        verifier = verifier(config);
    }

    @AfterEach
    void stop() {
        server.close();
        vertx.closeAndAwait();
    }

    private VerifiedCaller verify(String token) {
        return verifier.verify(token).await().atMost(Duration.ofSeconds(10));
    }

    private Reason refused(String token) {
        return assertThrows(InvalidTokenException.class, () -> verify(token)).reason();
    }

    @Test
    void acceptsAValidTokenAndExposesTheCaller() {
        VerifiedCaller caller = verify(tokens.token().subject("42").clientId("demo-app").scope("openid  profile").sign());
        assertEquals("42", caller.subject());
        assertEquals("demo-app", caller.clientId());
        assertEquals(Set.of("openid", "profile"), caller.scopes());
        assertEquals(1, server.fetches());
        verify(tokens.forUser("43", "demo-app"));
        assertEquals(1, server.fetches(), "a known kid is served from the cache");
    }

    @Test
    void refusesExpiredTokensBeyondTheLeeway() {
        String expired = tokens.token().issuedAt(Instant.now().minusSeconds(600)).lifetime(Duration.ofSeconds(60)).sign();
        assertEquals(Reason.EXPIRED, refused(expired));
        String withinLeeway = tokens.token().issuedAt(Instant.now().minusSeconds(70)).lifetime(Duration.ofSeconds(60)).sign();
        verify(withinLeeway);
    }

    @Test
    void refusesAChangedPayload() {
        String token = tokens.forUser("42", "demo-app", "openid");
        assertEquals(Reason.BAD_SIGNATURE, refused(TestTokens.tamperPayload(token, "sub", "1")));
        assertEquals(Reason.BAD_SIGNATURE, refused(TestTokens.tamperPayload(token, "scope", "openid quota_write")));
    }

    @Test
    void refusesAWrongIssuer() {
        assertEquals(Reason.WRONG_ISSUER, refused(tokens.token().issuer("https://evil.example").sign()));
    }

    @Test
    void refusesAlgNone() {
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(tokens.token().unsigned()));
    }

    @Test
    void refusesHs256SignedWithThePublicKey() {
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(tokens.token().hmacWithPublicKey()));
    }

    @Test
    void refusesAnUnknownKidAndRateLimitsRefetches() throws Exception {
        verify(tokens.forUser("1", "demo-app"));
        int before = server.fetches();
        RsaJsonWebKey stranger = TestTokens.newKey("never-published");
        List<io.smallrye.mutiny.Uni<VerifiedCaller>> forged = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            forged.add(verifier.verify(tokens.token().signedWith(stranger).sign()));
        }
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.smallrye.mutiny.Uni.join().all(forged.stream()
                        .map(u -> u.onFailure().invoke(failures::add).onFailure().recoverWithNull()).toList())
                .andFailFast().await().atMost(Duration.ofSeconds(10));
        assertEquals(30, failures.size());
        failures.forEach(f -> assertEquals(Reason.UNKNOWN_KEY, ((InvalidTokenException) f).reason()));
        assertEquals(before + 1, server.fetches(), "30 forged kids within one interval cause one refetch");
    }

    @Test
    void aRotationRightAfterAFetchWaitsForTheNextFetchInsteadOfFailing() {
        verify(tokens.forUser("1", "demo-app")); // fetch just happened: the next is rate limited
        tokens.rotate();
        assertEquals("2", verify(tokens.forUser("2", "demo-app")).subject());
    }

    @Test
    void refusesAnotherKeyPairBehindAPublishedKid() {
        RsaJsonWebKey impostor = TestTokens.newKey(tokens.currentKey().getKeyId());
        assertEquals(Reason.BAD_SIGNATURE, refused(tokens.token().signedWith(impostor).sign()));
    }

    @Test
    void picksUpARotatedKeyAndKeepsTheOldOne() throws Exception {
        String before = tokens.forUser("1", "demo-app");
        verify(before);
        tokens.rotate();
        String after = tokens.forUser("2", "demo-app");
        assertEquals("2", verify(after).subject());
        assertEquals("1", verify(before).subject(), "tokens of the previous key stay valid until they expire");
    }

    @Test
    void aWithdrawnKeyEndsTrustInTokensAlreadyVerified() throws Exception {
        String token = tokens.forUser("1", "demo-app");
        verify(token);
        verify(token); // now answered from the verified-token cache
        String withdrawn = tokens.currentKey().getKeyId();
        tokens.rotate();
        tokens.withdraw(withdrawn);
        cache.refresh().await().atMost(Duration.ofSeconds(10));
        assertEquals(Reason.UNKNOWN_KEY, refused(token));
    }

    @Test
    void refusesMissingRequiredClaims() {
        assertEquals(Reason.MISSING_CLAIM, refused(tokens.token().without("jti").sign()));
        assertEquals(Reason.MISSING_CLAIM, refused(tokens.token().without("sub").sign()));
    }

    @Test
    void refusesATokenNotYetValid() {
        String future = tokens.token().claim("nbf", Instant.now().plusSeconds(600).getEpochSecond())
                .lifetime(Duration.ofHours(1)).sign();
        assertEquals(Reason.NOT_YET_VALID, refused(future));
    }

    @Test
    void refusesGarbage() {
        for (String garbage : List.of("", "abc", "a.b", "a.b.c", "%%%.%%%.%%%", "x".repeat(9000))) {
            assertEquals(Reason.MALFORMED, refused(garbage), garbage.length() > 40 ? "long" : garbage);
        }
        assertEquals(Reason.UNKNOWN_KEY, refused("eyJhbGciOiJSUzI1NiJ9.e30."), "RS256 without a kid");
    }

    @Test
    void refusesATokenForAnotherResourceServerOrForTheApp() {
        // RFC 9068 §4: this service (USERINFO_SERVICE) must be in aud.
        assertEquals(Reason.WRONG_AUDIENCE, refused(tokens.token().audience(TestTokens.ACCOUNT_QUOTA_SERVICE).sign()));
        assertEquals(Reason.WRONG_AUDIENCE, refused(tokens.token().audience("demo-app").sign()), "aud = the client, as before RFC 9068");
        assertEquals(Reason.WRONG_AUDIENCE, refused(tokens.token().without("aud").sign()));
        assertEquals("1", verify(tokens.token().audience(TestTokens.USERINFO_SERVICE).sign()).subject(), "narrowed to us");
        assertEquals("1", verify(tokens.token().sign()).subject(), "default: every resource service");
    }

    @Test
    void refusesAnIdTokenSignedWithTheSameKey() {
        String idToken = tokens.idToken("42", "demo-app");
        assertEquals(Reason.NOT_AN_ACCESS_TOKEN, refused(idToken));
        // Even an ID token whose aud happened to name this service is still not an access token.
        assertEquals(Reason.NOT_AN_ACCESS_TOKEN, refused(tokens.token().typ("JWT").sign()));
    }

    @Test
    void requiresTypAtJwtButAcceptsItsSpellings() {
        assertEquals(Reason.NOT_AN_ACCESS_TOKEN, refused(tokens.token().withoutTyp().sign()));
        assertEquals(Reason.NOT_AN_ACCESS_TOKEN, refused(tokens.token().typ("jwt").sign()));
        // RFC 9068 §4 / RFC 7515 §4.1.9: compared case-insensitively, application/ prefix optional.
        verify(tokens.token().typ("AT+JWT").sign());
        verify(tokens.token().typ("application/at+jwt").sign());
    }

    @Test
    void requiresClientIdInsteadOfTakingItFromAud() {
        assertEquals(Reason.MISSING_CLAIM, refused(tokens.token().without("client_id").sign()));
    }

    @Test
    void refusesAJwtPosingAsAPersonalAccessToken() {
        // An app registered as client_id personal-access-token would otherwise mint the user's own credential.
        assertEquals(Reason.MALFORMED, refused(tokens.forUser("7", WellKnownClients.PERSONAL_ACCESS_TOKEN, "quota_write")));
        assertEquals(Reason.MALFORMED, refused(tokens.forClient(WellKnownClients.PERSONAL_ACCESS_TOKEN, "quota_write")));
    }

    @Test
    void personalAndOAuthTokensFollowOneScopeRule() {
        VerifiedCaller pat = new VerifiedCaller("7", WellKnownClients.PERSONAL_ACCESS_TOKEN, Set.of("profile"), "p1",
                Instant.now(), Instant.now().plusSeconds(60), null, null, false);
        VerifiedCaller app = verify(tokens.forUser("7", "demo-app", "profile"));
        for (VerifiedCaller caller : List.of(pat, app)) {
            assertTrue(caller.userDelegated());
            caller.requireScope("profile");
            InsufficientScopeException e = assertThrows(InsufficientScopeException.class, () -> caller.requireScope("quota_write"));
            assertEquals("quota_write", e.scope());
            assertFalse(caller.hasScope("quota_write"));
        }
        assertTrue(pat.personalToken());
        assertFalse(app.personalToken());
        VerifiedCaller client = verify(tokens.forClient("demo-app", "quota_read"));
        assertFalse(client.userDelegated());
        assertTrue(client.appOwnToken());
    }

    @Test
    void refusesToBeConfiguredWithHmacOrNone() {
        assertThrows(IllegalArgumentException.class, () -> verifier(
                new Config(URI.create(server.jwksUrl()), TestTokens.USERINFO_SERVICE, Duration.ofSeconds(1)) {
                    @Override
                    public List<String> algorithms() {
                        return List.of("RS256", "HS256");
                    }
                }));
    }

    /** Revocation following and personal tokens are off here; BearerTokenContractTest covers them in a service. */
    private AccessTokenVerifier verifier(JwtVerificationConfig config) {
        return new AccessTokenVerifier(cache, config, AccessTokenRules.contextInfo(config, config.audience()),
                new RevocationFollower(config, vertx, null, new RenewedTrust(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                new PersonalTokenResolver(config, vertx, null, new RenewedTrust()));
    }

    static class Config implements JwtVerificationConfig {
        private final URI jwks;
        private final String audience;
        private final Duration minRefetch;

        Config(URI jwks, String audience, Duration minRefetch) {
            this.jwks = jwks;
            this.audience = audience;
            this.minRefetch = minRefetch;
        }

        @Override public String issuer() { return ISSUER; }
        @Override public URI jwksUrl() { return jwks; }
        @Override public String audience() { return audience; }
        @Override public List<String> algorithms() { return List.of("RS256"); }
        @Override public Duration clockSkew() { return Duration.ofSeconds(30); }
        @Override public Duration jwksRefreshInterval() { return Duration.ofMinutes(5); }
        @Override public Duration jwksMinRefetchInterval() { return minRefetch; }
        @Override public Duration jwksFetchTimeout() { return Duration.ofSeconds(5); }
        @Override public Optional<String> tlsConfigurationName() { return Optional.empty(); }
        @Override public int maxTokenLength() { return 8192; }
        @Override public int verifiedTokenCacheSize() { return 100; }
        @Override public Optional<String> clientId() { return Optional.empty(); }
        @Override public Optional<String> clientSecret() { return Optional.empty(); }
        @Override public Revocation revocation() {
            return new Revocation() {
                @Override public boolean enabled() { return false; }
                @Override public URI feedUrl() { return URI.create("https://localhost:1/internal/revocations"); }
                @Override public Duration longPoll() { return Duration.ofSeconds(25); }
                @Override public Duration retryInterval() { return Duration.ofSeconds(1); }
                @Override public int expectedMaxEntries() { return 200_000; }
            };
        }
        @Override public PersonalTokens personalTokens() {
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
