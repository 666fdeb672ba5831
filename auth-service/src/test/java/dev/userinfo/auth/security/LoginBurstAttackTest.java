package dev.userinfo.auth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.session.LoginThrottle;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.user.PasswordHasher;
import dev.userinfo.jwt.testing.JwksTestServer;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 5: a burst of parallel wrong passwords. Production argon2id parameters (19 MiB, t=2) and a bound
 * of one hash at a time with a short wait, so the bound and its 503 are reached on any machine; a first failure
 * delay long enough that the burst is over before any block expires (the counts are then exact).
 */
@QuarkusTest
@TestProfile(LoginBurstAttackTest.Burst.class)
class LoginBurstAttackTest {

    public static class Burst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.passwords.memory-kib", "19456", "auth.passwords.iterations", "2",
                    "auth.passwords.max-concurrent-hashes", "1", "auth.passwords.hash-queue-wait", "100ms",
                    "auth.sessions.first-failure-delay", "60s", "auth.sessions.max-failure-delay", "120s");
        }
    }

    static final int BURST = 200;
    static final int FREE_PER_ACCOUNT = 5;
    static final int FREE_PER_ADDRESS = 50;

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    PasswordHasher hasher;

    @BeforeEach
    void clearThrottle() {
        Fixtures.execute("DELETE FROM login_throttle");
    }

    @Test
    void twoHundredParallelWrongPasswordsForOneAccountReachTheHasherOnlyThroughTheThrottle() throws Exception {
        TestUser victim = Fixtures.user("burst");
        long hashesBefore = hasher.computed();

        List<HttpResponse<String>> answers = burst(i -> victim.login(), i -> "wrong-password-" + i);

        Map<Integer, Integer> statuses = tally(answers);
        int checked = statuses.getOrDefault(401, 0) + statuses.getOrDefault(503, 0);
        // Counted before the hash, atomically: the free tries and the one that sets the block, no more.
        assertEquals(FREE_PER_ACCOUNT + 1, checked, statuses.toString());
        assertEquals(BURST - checked, statuses.getOrDefault(429, 0), statuses.toString());
        assertEquals((long) statuses.getOrDefault(401, 0), hasher.computed() - hashesBefore, "one hash per checked try");
        assertTrue(hasher.mostRunning() <= hasher.bound(), "hashes at once " + hasher.mostRunning());

        // Both the account and the address are throttled: even the right password is not checked now.
        assertEquals(1, Fixtures.count("SELECT count(*) FROM login_throttle WHERE throttle_key = :p1 "
                + "AND failures = :p2 AND blocked_until > now() + interval '30 seconds'",
                LoginThrottle.accountKey(victim.login()), FREE_PER_ACCOUNT + 1));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM login_throttle WHERE throttle_key LIKE 'ip:%' "
                + "AND failures > :p1 AND blocked_until > now()", FREE_PER_ADDRESS));
        long hashesAfterBurst = hasher.computed();
        new PageBrowser(url).login(victim.login(), victim.password()).then().statusCode(429);
        assertEquals(hashesAfterBurst, hasher.computed(), "a blocked try is never hashed");
        assertEquals(0, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", victim.id()));
        // Still up and answering.
        TestHttps.given(url).get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aBurstOverManyAccountsNeverRunsMoreHashesThanTheBoundAndSheds503WithRetryAfter() throws Exception {
        String run = Fixtures.unique("spray");
        long hashesBefore = hasher.computed();
        long refusedBefore = hasher.refused();

        List<HttpResponse<String>> answers = burst(i -> run + "-" + i, i -> "wrong-password-" + i);

        Map<Integer, Integer> statuses = tally(answers);
        int checked = statuses.getOrDefault(401, 0) + statuses.getOrDefault(503, 0);
        // The address is the only shared key: its free tries and the one that sets its block pass, no more.
        assertEquals(FREE_PER_ADDRESS + 1, checked, statuses.toString());
        assertTrue(statuses.getOrDefault(503, 0) > 0, "one hasher and a 100 ms wait cannot take 51 hashes at once: " + statuses);
        assertEquals((long) statuses.getOrDefault(503, 0), hasher.refused() - refusedBefore);
        assertEquals((long) statuses.getOrDefault(401, 0), hasher.computed() - hashesBefore);
        // What keeps the heap inside the chart's limit: never more than the bound × 19 MiB of argon2 memory.
        assertTrue(hasher.mostRunning() <= 1, "hashes at once " + hasher.mostRunning());
        HttpResponse<String> busy = answers.stream().filter(a -> a.statusCode() == 503).findFirst().orElseThrow();
        assertTrue(busy.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        assertTrue(Integer.parseInt(busy.headers().firstValue("Retry-After").get()) >= 1);
        assertTrue(busy.body().contains("The service is busy"), busy.body());
        assertTrue(busy.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        TestHttps.given(url).get("/q/health/live").then().statusCode(200);
        // The operator sees the same through the metrics the README names.
        String metrics = TestHttps.given(url).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String meter : List.of("auth_password_hashes_total", "auth_password_hashes_refused_total",
                "auth_password_hashes_running ", "auth_password_hashes_running_max 1.0")) {
            assertTrue(metrics.contains(meter), meter);
        }
    }

    @Test
    void parallelPasswordSetsInTheAdminApiShed503InTheirEnvelopeAndCreateNothing() throws Exception {
        String run = Fixtures.unique("admin-burst");
        HttpClient client = client();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + url.getPort() + "/admin/users"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer test-admin-token")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"" + run + "-" + i
                            + "\",\"password\":\"long-enough-password\"}")).build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        int created = 0;
        int shed = 0;
        for (CompletableFuture<HttpResponse<String>> future : pending) {
            HttpResponse<String> answer = future.join();
            assertTrue(List.of(201, 503).contains(answer.statusCode()), answer.statusCode() + ": " + answer.body());
            if (answer.statusCode() == 503) {
                shed++;
                assertTrue(answer.body().contains("\"error\":\"temporarily_unavailable\""), answer.body());
                assertTrue(answer.headers().firstValue("Retry-After").isPresent());
                assertFalse(answer.body().contains("long-enough-password") || answer.body().contains("Exception"));
            } else {
                created++;
            }
        }
        assertTrue(shed > 0, "20 hashes of 225 ms through one slot with a 100 ms wait");
        // A refused create wrote nothing: exactly the 201s exist.
        assertEquals((long) created, Fixtures.count("SELECT count(*) FROM app_user WHERE login LIKE :p1", run + "-%"));
        assertTrue(hasher.mostRunning() <= 1, "hashes at once " + hasher.mostRunning());
    }

    private HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(trustingLocalCa()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** The burst: BURST login posts at once over real HTTPS on loopback, each answered within 60 s. */
    private List<HttpResponse<String>> burst(IntFunction<String> login, IntFunction<String> password) throws Exception {
        PageBrowser browser = new PageBrowser(url);
        String page = browser.get("/login").asString();
        String csrf = PageBrowser.hidden(page, "csrf");
        String cookie = "__Host-login=" + browser.cookies().get("__Host-login");
        HttpClient client = client();
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("csrf", csrf);
            form.put("return_to", "/account/apps");
            form.put("login", login.apply(i));
            form.put("password", password.apply(i));
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + url.getPort() + "/login"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString(PageBrowser.encode(form))).build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : pending) {
            answers.add(answer.join());
        }
        return answers;
    }

    private static Map<Integer, Integer> tally(List<HttpResponse<String>> answers) {
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (HttpResponse<String> answer : answers) {
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            assertTrue(List.of(401, 429, 503).contains(answer.statusCode()), answer.statusCode() + ": " + answer.body());
            assertFalse(answer.body().contains("Exception"), answer.body());
            assertNotNull(answer.headers().firstValue("Content-Type").orElse(null));
        }
        assertEquals(BURST, answers.size());
        return statuses;
    }

    private static SSLContext trustingLocalCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(JwksTestServer.localTlsDir().resolve("ca.p12"))) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
