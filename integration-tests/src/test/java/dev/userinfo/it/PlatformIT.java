package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.testing.JsonShape;
import dev.userinfo.contracts.testing.SeedExamples;
import dev.userinfo.local.LocalPlatform;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three packaged services, started as ./run.sh starts them (local profile, demo data), on one embedded
 * PostgreSQL, talking to each other over HTTPS: a token from auth-service is verified by both resource services.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Bearer dev-admin-token";
    /** auth-service numbers users from 10001 and the local profile creates alice first. */
    private static final long ALICE_ID = 10001;
    /** account-quota-service's platform.quota.new-account-quota in the local profile. */
    private static final long NEW_ACCOUNT_QUOTA = 5_000_000;

    /** Database and service logs of the run, kept under target/ for a look after a failure. */
    private final Path work = Path.of("target/platform-it").toAbsolutePath();

    private LocalPlatform platform;
    private String auth;
    private List<String> resourceServices;

    @BeforeAll
    void start() throws Exception {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        deleteRecursively(work);
        LocalPlatform.Options ephemeral = LocalPlatform.Options.ephemeral(root, work);
        List<String> jvmOptions = new java.util.ArrayList<>(ephemeral.jvmOptions());
        // alice (the first demo user) is root at account-quota-service, so her personal access token can read its admin API.
        jvmOptions.add("-Dplatform.quota.root-user-ids=" + ALICE_ID);
        // Retries to a subscriber that is down back off to 2 s at most instead of 60 s: the catch-up test waits
        // for the first retry after the restart, not for the backoff (that has its own test in auth-service).
        jvmOptions.add("-Dauth.delivery.max-backoff=2s");
        platform = LocalPlatform.start(new LocalPlatform.Options(ephemeral.root(), ephemeral.dataDir(), ephemeral.logDir(),
                ephemeral.postgresPort(), ephemeral.authPort(), ephemeral.userinfoPort(), ephemeral.quotaPort(),
                ephemeral.durable(), jvmOptions));
        auth = platform.url(LocalPlatform.AUTH);
        resourceServices = List.of(platform.url(LocalPlatform.USERINFO), platform.url(LocalPlatform.QUOTA));
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
            // Nothing secret in any service's log after the whole run.
            for (String service : List.of(LocalPlatform.AUTH, LocalPlatform.USERINFO, LocalPlatform.QUOTA)) {
                String log = Files.readString(work.resolve("logs").resolve(service + ".log"));
                assertTrue(!log.contains("demo-secret") && !log.contains("dev-admin-token"), service + " logged a secret");
            }
        }
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return platform.client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=quota_read%20user_info_read"))
                .build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    /** A client token whose aud RFC 8707 narrowed to {@code resource}. */
    private String tokenFor(String resource) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=quota_read%20user_info_read&resource="
                        + java.net.URLEncoder.encode(resource, StandardCharsets.UTF_8)))
                .build());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> whoami(String service, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(service + "/whoami")).header("Authorization", "Bearer " + token).build());
    }

    @Test
    void aClientCredentialsTokenIsAcceptedByBothResourceServices() throws Exception {
        String token = token();
        for (String service : resourceServices) {
            HttpResponse<String> response = whoami(service, token);
            assertEquals(200, response.statusCode(), service + ": " + response.body());
            JsonNode caller = JSON.readTree(response.body());
            assertEquals("demo-app", caller.get("subject").asText());
            assertEquals("demo-app", caller.get("client_id").asText());
            assertEquals(List.of("quota_read", "user_info_read"), JSON.convertValue(caller.get("scopes"), List.class));
        }
    }

    /**
     * Issue #13, 1, as bench/quota.sh relies on it: locally the demo app is the listed quota writer, so it gets
     * service:quota_write by name and consumes with it; its consent scope quota_write on a client token moves nothing.
     */
    /** Issue #15 item 0: an app is registered once, at auth-service; userinfo-service learns it from §5's delivery. */
    @Test
    void userinfoServiceKnowsTheDemoAppWithoutAnySetUpCall() throws Exception {
        awaitAll("the demo app announced to userinfo-service", () -> {
            List<String> wrong = new java.util.ArrayList<>();
            HttpResponse<String> app = adminAt(resourceServices.get(0), "/admin/apps/1");
            JsonNode body = app.statusCode() == 200 ? JSON.readTree(app.body()) : null;
            expect(wrong, "userinfo app 1", List.of("demo-app", "active"),
                    body == null ? app.statusCode() : List.of(body.get("client_id").asText(), body.get("status").asText()));
            return wrong;
        });
    }

    @Test
    void theLocalDemoAppWritesQuotaOnlyWithTheServiceScope() throws Exception {
        String quota = platform.url(LocalPlatform.QUOTA);
        java.util.function.Function<String, String> clientToken = scope -> {
            try {
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/token"))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope)).build());
                assertEquals(200, response.statusCode(), response.body());
                return JSON.readTree(response.body()).get("access_token").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String service = clientToken.apply("service%3Aquota_write");
        String consent = clientToken.apply("quota_write");
        java.util.function.BiFunction<String, String, HttpResponse<String>> consume = (token, key) -> {
            try {
                return send(HttpRequest.newBuilder(URI.create(quota + "/api/quota/consume"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":" + ALICE_ID + ",\"amount\":1,\"idempotency_key\":\""
                                + key + "\"}")).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        awaitAll("alice's account delivered", () -> {
            List<String> wrong = new java.util.ArrayList<>();
            expect(wrong, "consume with service:quota_write", 200, consume.apply(service, "it-" + System.nanoTime()).statusCode());
            return wrong;
        });
        HttpResponse<String> refused = consume.apply(consent, "it-" + System.nanoTime());
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("insufficient_scope", JSON.readTree(refused.body()).get("error").asText());
    }

    /** Issue #13 item 3: a token narrowed to one resource service (RFC 8707) is refused by the other (RFC 9068 §4). */
    @Test
    void aTokenNarrowedToUserinfoServiceIsRefusedByAccountQuotaService() throws Exception {
        String userinfo = platform.url(LocalPlatform.USERINFO);
        String quota = platform.url(LocalPlatform.QUOTA);
        String forUserinfo = tokenFor(userinfo);
        HttpResponse<String> refused = whoami(quota, forUserinfo);
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(200, whoami(userinfo, forUserinfo).statusCode(), "the service it names accepts it");
        String forQuota = tokenFor(quota);
        assertEquals(401, whoami(userinfo, forQuota).statusCode());
        assertEquals(200, whoami(quota, forQuota).statusCode());
    }

    @Test
    void everyServiceListensOnHttpsOnly() throws Exception {
        // Quarkus logs every listener at start-up: "Listening on: https://…" (and "http://…" if plain HTTP were on).
        for (String service : List.of(LocalPlatform.AUTH, LocalPlatform.USERINFO, LocalPlatform.QUOTA)) {
            String listening = Files.readAllLines(work.resolve("logs").resolve(service + ".log")).stream()
                    .filter(line -> line.contains("Listening on:")).findFirst().orElseThrow();
            assertTrue(listening.contains("https://"), listening);
            assertTrue(!listening.contains("http://"), service + " also serves plain HTTP: " + listening);
        }
    }

    @Test
    void tls12AndTls13AreBothServed() throws Exception {
        javax.net.ssl.SSLContext context = LocalPlatform.trustingContext(
                platform.options().root().resolve(".local/tls/ca.crt"));
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(context)
                    .sslParameters(new javax.net.ssl.SSLParameters(null, new String[] {protocol})).build();
            for (String service : List.of(auth, resourceServices.get(0), resourceServices.get(1))) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(service + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), service + " over " + protocol);
                assertEquals(protocol, response.sslSession().orElseThrow().getProtocol());
            }
        }
    }

    @Test
    void discoveryIsServedOverHttps() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(auth + "/.well-known/openid-configuration")).build());
        assertEquals(200, response.statusCode());
        assertEquals(auth, JSON.readTree(response.body()).get("issuer").asText());
    }

    @Test
    void aRotationReachesBothResourceServicesWithoutARestart() throws Exception {
        String before = token();
        String oldKid = JsonWebStructure.fromCompactSerialization(before).getKeyIdHeaderValue();
        HttpResponse<String> rotated = send(HttpRequest.newBuilder(URI.create(auth + "/admin/keys/rotate"))
                .header("Authorization", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, rotated.statusCode(), rotated.body());
        // Issue #16 item 7: the new key is published first and signs after the local profile's publish delay (4 s).
        assertEquals("next", JSON.readTree(rotated.body()).get("status").asText(), rotated.body());
        String newKid = JSON.readTree(rotated.body()).get("kid").asText();
        assertNotEquals(oldKid, newKid);
        String after = token();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!newKid.equals(JsonWebStructure.fromCompactSerialization(after).getKeyIdHeaderValue())) {
            assertTrue(System.nanoTime() < deadline, "the next key never started signing");
            Thread.sleep(200);
            after = token();
        }
        for (String service : resourceServices) {
            assertEquals(200, whoami(service, after).statusCode(), service + " accepts the new key");
            assertEquals(200, whoami(service, before).statusCode(), service + " still accepts the previous key");
        }
    }

    @Test
    void forgeriesAgainstTheRealKeysAreRefusedByBothResourceServices() throws Exception {
        String genuine = token();
        String[] parts = genuine.split("\\.");
        String kid = JsonWebStructure.fromCompactSerialization(genuine).getKeyIdHeaderValue();
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"quota_read user_info_read\"", "\"quota_write\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        String otherKeySameKid = sign(payload, AlgorithmIdentifiers.RSA_USING_SHA256, kid, stranger.getPrivateKey());
        String wrongIssuer = sign(payload.replace(auth, "https://attacker.example"), AlgorithmIdentifiers.RSA_USING_SHA256,
                kid, stranger.getPrivateKey());

        String jwks = send(HttpRequest.newBuilder(URI.create(auth + "/.well-known/jwks.json")).build()).body();
        PublicJsonWebKey published = (PublicJsonWebKey) new JsonWebKeySet(jwks).findJsonWebKey(kid, null, null, null);
        String hmacWithPublicKey = sign(payload, AlgorithmIdentifiers.HMAC_SHA256, kid,
                new HmacKey(published.getPublicKey().getEncoded()));

        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(payload);
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setKeyIdHeaderValue(kid);
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        String unsigned = none.getCompactSerialization();

        for (String service : resourceServices) {
            for (String forged : List.of(tampered, otherKeySameKid, wrongIssuer, hmacWithPublicKey, unsigned)) {
                HttpResponse<String> response = whoami(service, forged);
                assertEquals(401, response.statusCode(), service);
                assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
            }
        }
    }

    /**
     * Issue #3 item 10: disabling a user reaches both resource services within a second through the revocation
     * feed, and they keep refusing its tokens while auth-service is down; other users' tokens keep working.
     */
    @Test
    void aDisabledUsersTokensAreRefusedWithinASecondAndWhileAuthServiceIsDown() throws Exception {
        PageClient pages = new PageClient(platform.client(), auth);
        long grace = createUser("grace", "Grace", "grace@example.com");
        createUser("hank", "Hank", "hank@example.com");
        String graces = pages.userAccessToken("demo-app", "demo-secret", "http://127.0.0.1:8765/callback",
                "user_info_read", "grace", "grace-password");
        String hanks = new PageClient(platform.client(), auth).userAccessToken("demo-app", "demo-secret",
                "http://127.0.0.1:8765/callback", "user_info_read", "hank", "hank-password");
        for (String service : resourceServices) {
            assertEquals(200, whoami(service, graces).statusCode(), service);
        }
        assertEquals(200, admin("POST", "/admin/users/" + grace + "/disable", null).statusCode());
        long disabledAt = System.nanoTime();
        for (String service : resourceServices) {
            while (whoami(service, graces).statusCode() == 200) {
                assertTrue(System.nanoTime() - disabledAt < 1_000_000_000L, service + " honoured a disabled user's token 1 s later");
                Thread.sleep(20);
            }
        }
        platform.stopService(LocalPlatform.AUTH);
        try {
            Thread.sleep(1500);   // past the followers' retry interval: they have noticed auth-service is gone
            for (String service : resourceServices) {
                assertEquals(401, whoami(service, graces).statusCode(), service + " with auth-service down");
                assertEquals(200, whoami(service, hanks).statusCode(), service + ": other users are served meanwhile");
            }
        } finally {
            platform.startService(LocalPlatform.AUTH);
        }
    }

    /**
     * Issues #4 and #5, "done when": with the resource services stopped, users are created, changed, disabled and
     * deleted at auth-service; once they are started again every change is there, exactly once in effect.
     */
    @Test
    void userChangesMadeWhileTheResourceServicesAreDownArriveExactlyOnceWhenTheyReturn() throws Exception {
        assertEquals("alice", JSON.readTree(admin("GET", "/admin/users/" + ALICE_ID, null).body()).get("login").asText(),
                "the root user configured for account-quota-service is not alice");
        // The quota admin API takes only an operator's own credential: alice's personal access token (issue #13, 2).
        String quotaAdmin = new PageClient(platform.client(), auth).personalAccessToken("alice", "alice-password", "quota_read");

        // frank exists everywhere before the outage; his quota account's aff_code shows whether it is ever recreated.
        long frank = createUser("frank", "Frank", "frank@example.com");
        awaitAll("frank delivered before the outage", () -> {
            List<String> wrong = new java.util.ArrayList<>();
            JsonNode profile = profile(frank);
            expect(wrong, "userinfo frank version", 1L, profile == null ? null : profile.get("version").asLong());
            JsonNode account = account(quotaAdmin, frank);
            expect(wrong, "quota frank present", true, account != null);
            return wrong;
        });
        String frankAffCode = account(quotaAdmin, frank).get("aff_code").asText();

        platform.stopService(LocalPlatform.USERINFO);
        platform.stopService(LocalPlatform.QUOTA);

        long carol = createUser("carol", "Carol", "carol@example.com");
        long dave = createUser("dave", "Dave", "dave@example.com");
        long erin = createUser("erin", "Erin", "erin@example.com");
        assertEquals(200, admin("PATCH", "/admin/users/" + carol, "{\"display_name\":\"Carol Changed\",\"email\":\"carol@example.org\"}").statusCode());
        assertEquals(200, admin("PATCH", "/admin/users/" + carol, "{\"phone\":\"+86 138 0000 0001\"}").statusCode());
        assertEquals(200, admin("POST", "/admin/users/" + dave + "/disable", null).statusCode());
        assertEquals(204, admin("DELETE", "/admin/users/" + erin, null).statusCode());
        assertEquals(204, admin("DELETE", "/admin/users/" + frank, null).statusCode());

        JsonNode carolAtAuth = JSON.readTree(admin("GET", "/admin/users/" + carol, null).body());
        assertEquals(3, carolAtAuth.get("version").asLong());
        JsonNode daveAtAuth = JSON.readTree(admin("GET", "/admin/users/" + dave, null).body());
        assertEquals(2, daveAtAuth.get("version").asLong());
        assertEquals("disabled", daveAtAuth.get("status").asText());
        // The services really missed all of it: both cursors are behind.
        for (JsonNode state : deliveries()) {
            assertTrue(state.get("delivered_seq").asLong() < state.get("latest_seq").asLong(), state.toString());
        }

        platform.startService(LocalPlatform.USERINFO);
        platform.startService(LocalPlatform.QUOTA);

        awaitAll("catch-up after the restart", () -> {
            List<String> wrong = new java.util.ArrayList<>();
            JsonNode c = profile(carol);
            expect(wrong, "userinfo carol", List.of("carol", "Carol Changed", "carol@example.org", "+86 138 0000 0001", "active", 3L),
                    c == null ? null : List.of(c.get("account").asText(), c.get("display_name").asText(), c.get("email").asText(),
                            c.get("phone").asText(), c.get("status").asText(), c.get("version").asLong()));
            JsonNode d = profile(dave);
            expect(wrong, "userinfo dave", List.of("dave", "disabled", 2L),
                    d == null ? null : List.of(d.get("account").asText(), d.get("status").asText(), d.get("version").asLong()));
            // A deleted user keeps a tombstone (status, version) without its personal data (contract §3).
            for (long deleted : List.of(erin, frank)) {
                JsonNode t = profile(deleted);
                expect(wrong, "userinfo tombstone " + deleted, List.of("", "", "", "deleted", 2L),
                        t == null ? null : List.of(t.get("account").asText(), t.get("display_name").asText(),
                                t.get("email").asText(), t.get("status").asText(), t.get("version").asLong()));
            }
            JsonNode ca = account(quotaAdmin, carol);
            expect(wrong, "quota carol", List.of("carol", "Carol Changed", "carol@example.org", 1, "active"),
                    ca == null ? null : List.of(ca.get("username").asText(), ca.get("display_name").asText(),
                            ca.get("email").asText(), ca.get("status").asInt(), ca.get("lifecycle").asText()));
            JsonNode da = account(quotaAdmin, dave);
            expect(wrong, "quota dave", List.of("dave", 2, "disabled"),
                    da == null ? null : List.of(da.get("username").asText(), da.get("status").asInt(), da.get("lifecycle").asText()));
            // account-quota-service's admin search leaves deleted accounts out.
            expect(wrong, "quota erin listed", null, account(quotaAdmin, erin));
            expect(wrong, "quota frank listed", null, account(quotaAdmin, frank));
            for (JsonNode state : deliveries()) {
                expect(wrong, "delivery to " + state.get("subscriber").asText(),
                        List.of(state.get("latest_seq").asLong(), 0), List.of(state.get("delivered_seq").asLong(), state.get("attempts").asInt()));
            }
            return wrong;
        });

        // Exactly once in effect: one account each, created once, so the new-account quota was granted once.
        for (long user : List.of(carol, dave)) {
            JsonNode page = JSON.readTree(quotaAccounts(quotaAdmin, Long.toString(user)).body());
            assertEquals(1, page.get("total").asLong(), "accounts for user " + user);
            assertEquals(NEW_ACCOUNT_QUOTA, page.get("items").get(0).get("quota").asLong(), "quota of user " + user);
            assertEquals(0, page.get("items").get(0).get("used_quota").asLong());
        }
        // Every profile once: alice, bob, and the four users of this test (two as tombstones), at auth-service's versions.
        JsonNode profiles = JSON.readTree(adminAt(resourceServices.get(0), "/admin/profiles?page=1&page_size=100").body());
        Map<Long, Long> versions = new java.util.TreeMap<>();
        for (JsonNode p : profiles.get("items")) {
            assertTrue(versions.put(p.get("user_id").asLong(), p.get("version").asLong()) == null, "profile twice: " + p);
        }
        assertEquals(Map.of(carol, 3L, dave, 2L, erin, 2L, frank, 2L), Map.of(carol, versions.get(carol), dave, versions.get(dave),
                erin, versions.get(erin), frank, versions.get(frank)));
        for (JsonNode state : deliveries()) {
            assertEquals(null, state.get("last_error").isNull() ? null : state.get("last_error").asText(), state.toString());
        }
        // account-quota-service's admin API shows neither versions nor deleted accounts: its rows are the record of
        // what it applied. One row per user, at auth-service's version, the new-account quota granted once, and
        // frank's tombstone is the account he had before the outage (same aff_code), not a second one.
        assertEquals(List.of(1L, 3L, "active", NEW_ACCOUNT_QUOTA), quotaRow(carol).subList(0, 4));
        assertEquals(List.of(1L, 2L, "disabled", NEW_ACCOUNT_QUOTA), quotaRow(dave).subList(0, 4));
        assertEquals(List.of(1L, 2L, "deleted", NEW_ACCOUNT_QUOTA), quotaRow(erin).subList(0, 4));
        assertEquals(List.of(1L, 2L, "deleted", NEW_ACCOUNT_QUOTA, frankAffCode), quotaRow(frank));
    }

    /**
     * Seed 000 without a token (issue #6), through the real pair of services: bad input gets seed 000's envelope and
     * opens nothing at auth-service (its audit trail says so), nor does a call without the app's proof; the app's
     * call with its secret (HTTP Basic) opens one request, not prompted here
     * (alice never authorized demo-app in this run), and the app's poll sees it pending.
     */
    @Test
    void seed000WithoutATokenOpensAnAuthorizationRequestAndBadInputOpensNothing() throws Exception {
        String userinfo = platform.url(LocalPlatform.USERINFO);
        String good = "client_id=demo-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&scope=user_info_read&user_id=" + ALICE_ID;
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(good.replace("client_id=demo-app", "client_id=no-such-app"), "client_id 无效");
        bad.put(good.replace("8765%2Fcallback", "8765%2Fother"), "redirect_uri 未注册");
        bad.put(good.replace("scope=user_info_read", "scope=user_info_read%20no_such_scope"), "scope 无效");
        bad.put(good.replace("user_id=" + ALICE_ID, "user_id=alice"), "参数 user_id 格式错误");
        int before = prompts("demo-app").size();
        for (Map.Entry<String, String> call : bad.entrySet()) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(userinfo + "/chatroom/api/account/info?" + call.getKey())).build());
            assertEquals(400, answer.statusCode(), call.getKey() + " → " + answer.body());
            JsonNode body = JSON.readTree(answer.body());
            assertEquals(List.of("msg", "result", "status"), fieldNames(body));
            assertEquals(call.getValue(), body.get("msg").asText());
            assertEquals("failed", body.get("status").asText());
        }
        assertEquals(before, prompts("demo-app").size(), "bad input opened an authorization request");

        // Issue #13 item 4: without the app's proof nothing is opened and the answer names no request.
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(userinfo + "/chatroom/api/account/info?" + good)).build());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals(List.of("authorize_url"), fieldNames(JSON.readTree(anonymous.body()).get("result")));
        assertEquals(before, prompts("demo-app").size(), "an unproven call opened an authorization request");

        HttpResponse<String> tokenless = send(HttpRequest.newBuilder(URI.create(userinfo + "/chatroom/api/account/info?" + good))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8)))
                .build());
        assertEquals(401, tokenless.statusCode(), tokenless.body());
        JsonNode result = JSON.readTree(tokenless.body()).get("result");
        assertEquals(List.of("authorize_url", "request_id", "prompted"), fieldNames(result));
        assertFalse(result.get("prompted").asBoolean());
        JsonNode opened = prompts("demo-app");
        assertEquals(before + 1, opened.size());
        assertEquals(result.get("request_id").asText(), opened.get(0).get("request_id").asText());
        // Nobody has a page open in this class: alice is not prompted whether or not she authorized demo-app.
        assertTrue(List.of("not authorized before", "offline").contains(opened.get(0).get("events").get(0).get("detail").asText()),
                opened.get(0).toString());
        HttpResponse<String> poll = send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/prompt/" + result.get("request_id").asText()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8)))
                .build());
        assertEquals(200, poll.statusCode(), poll.body());
        assertEquals("pending", JSON.readTree(poll.body()).get("status").asText());
    }

    /**
     * Issue #15, "done when": on a fresh platform, with only what ./run.sh provides (the demo app, appid 1, and alice
     * with her documented password), all five seeds answer the demo app. Each call replays the seed's own example
     * request (our ids only where the seed prints a placeholder) and is compared with the seed's example response
     * (docs/contracts/seeds) through JsonShape. alice signs in "from" a public address through a loopback proxy
     * (X-Forwarded-For, believed by auth-service in the local profile only), so seed 004's location is that address's
     * country and seed 003's last_login_ip the address. Every seed is checked, and all failures reported together.
     */
    @Test
    void allFiveSeedsAnswerTheDemoAppWithNoExtraSetUp() throws Exception {
        String userinfo = platform.url(LocalPlatform.USERINFO);
        String quota = platform.url(LocalPlatform.QUOTA);
        String callback = "http://127.0.0.1:8765/callback";
        PageClient pages = new PageClient(platform.client(), auth, SIGN_IN_ADDRESS);
        // Seeds 000, 002 and 004 take a user token of the app (consent pages, authorization code).
        String token = pages.userAccessToken("demo-app", "demo-secret", callback, "user_info_read profile", "alice", "alice-password");
        // auth-service took the login address from the loopback proxy's X-Forwarded-For.
        assertEquals(SIGN_IN_ADDRESS, authLastLoginIp(ALICE_ID));
        // Seed 001 through its own door, app_id = the demo app's numeric appid (应用唯一ID，开发平台下发).
        HttpResponse<String> seed001 = pages.seed001Token("1", "demo-secret", callback, "alice", "alice-password");
        // Seed 003's 系统访问令牌 (个人中心获取): a personal access token made on /account/tokens.
        String personal = pages.personalAccessToken("alice", "alice-password", "quota_read");

        assertAll("the five seeds on the demo data",
                () -> {
                    // Seed 001 第二步 answered 正确的返回; a made-up code, the 错误返回样例.
                    assertEquals(200, seed001.statusCode(), seed001.body());
                    JsonShape.assertMatches(SeedExamples.read(SeedExamples.VVCHAT_TOKEN_200), seed001.body());
                    assertEquals("snsapi_userinfo", JSON.readTree(seed001.body()).get("scope").asText());
                    HttpResponse<String> invalid = get(auth + "/userservices/v2/authorization/token?app_id=1&app_key=demo-secret&code=CODE");
                    assertEquals(400, invalid.statusCode(), invalid.body());
                    JsonShape.assertMatches(SeedExamples.read(SeedExamples.VVCHAT_TOKEN_400), invalid.body(), "/err_code", "/err_msg");
                },
                () -> {
                    // Seed 001 第三步: Authorization: TOKEN, bare as printed; its 返回说明 lists open_id, nickname, sex.
                    JsonNode issued = JSON.readTree(seed001.body());
                    HttpResponse<String> answer = get(userinfo + "/userservices/v2/authorization/userinfo",
                            "Authorization", issued.get("token").asText());
                    assertEquals(200, answer.statusCode(), answer.body());
                    JsonShape.assertMatches("{\"open_id\":\"OPENID\",\"nickname\":\"\",\"sex\":\"\"}", answer.body());
                    assertEquals(issued.get("open_id"), JSON.readTree(answer.body()).get("open_id"));
                },
                () -> {
                    // Seed 000 with the query and the Authorization: Bearer header as printed (its placeholders ours).
                    HttpResponse<String> answer = get(userinfo + SEED_000_QUERY, "Authorization", "Bearer " + token);
                    assertEquals(200, answer.statusCode(), answer.body());
                    JsonShape.assertMatches(SeedExamples.read(SeedExamples.ACCOUNT_INFO_200), answer.body(), "/msg", "/status");
                },
                () -> {
                    // Seed 000's declared security scheme: the token in a header named token (apikey-header-token).
                    HttpResponse<String> answer = get(userinfo + SEED_000_QUERY, "token", token);
                    assertEquals(200, answer.statusCode(), "seed 000, token header: " + answer.body());
                    JsonShape.assertMatches(SeedExamples.read(SeedExamples.ACCOUNT_INFO_200), answer.body(), "/msg", "/status");
                },
                () -> {
                    // Seed 002: X-App-Id 1 as the seed sends it. alice belongs to no organisation: orgList is [].
                    HttpResponse<String> answer = get(userinfo + "/user/info?accessToken=" + token + "&userId=" + ALICE_ID, "X-App-Id", "1");
                    assertEquals(200, answer.statusCode(), "seed 002, X-App-Id: 1: " + answer.body());
                    com.fasterxml.jackson.databind.node.ObjectNode example =
                            (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(SeedExamples.read(SeedExamples.USER_INFO_200));
                    ((com.fasterxml.jackson.databind.node.ObjectNode) example.get("data")).putArray("orgList");
                    JsonShape.assertMatches(example.toString(), answer.body(), "/code", "/status", "/message");
                    assertEquals(Long.toString(ALICE_ID), JSON.readTree(answer.body()).at("/data/userId").asText());
                },
                () -> {
                    // Seed 003: X-Api-User (its example 0: alice's id) and Authorization: Bearer <personal token>.
                    HttpResponse<String> answer = get(quota + "/api/user/self", "X-Api-User", Long.toString(ALICE_ID),
                            "Authorization", "Bearer " + personal);
                    assertEquals(200, answer.statusCode(), answer.body());
                    JsonShape.assertMatches(SeedExamples.read(SeedExamples.USER_SELF_200), answer.body(), "/message", "/success");
                    assertEquals(ALICE_ID, JSON.readTree(answer.body()).at("/data/id").asLong());
                },
                () -> {
                    // Seed 004 新版本OAuth登录方式示例: appid 1 (the seed's own value), alice's e-mail, her token.
                    HttpResponse<String> answer = profile(userinfo, token);
                    assertEquals(200, answer.statusCode(), "seed 004, appid 1: " + answer.body());
                    JsonShape.assertMatches(SeedExamples.read(SeedExamples.PROFILE_200), answer.body(), "/code", "/msg");
                    assertEquals(Long.toString(ALICE_ID), JSON.readTree(answer.body()).at("/data/uid").asText());
                },
                () -> awaitAll("the login address at seeds 004 and 003", () -> {
                    // The login travels as a user event; the country is the shipped database's (1.1.1.1: AU).
                    List<String> wrong = new java.util.ArrayList<>();
                    JsonNode profile = JSON.readTree(profile(userinfo, token).body());
                    expect(wrong, "seed 004 location", SIGN_IN_COUNTRY, profile.at("/data/location").asText());
                    JsonNode self = JSON.readTree(get(quota + "/api/user/self", "Authorization", "Bearer " + personal).body());
                    expect(wrong, "seed 003 last_login_ip", SIGN_IN_ADDRESS, self.at("/data/last_login_ip").asText());
                    expect(wrong, "seed 003 last_login_at set", true, self.at("/data/last_login_at").asLong() > 0);
                    return wrong;
                }));
    }

    /** A public address whose country is stable in geo-whois-asn-country (APNIC, AU; checked with the MaxMind reader). */
    private static final String SIGN_IN_ADDRESS = "1.1.1.1";
    private static final String SIGN_IN_COUNTRY = "AU";
    /** Seed 000's example query: user_id, client_id, redirect_uri, scope as printed, placeholders replaced by ours. */
    private static final String SEED_000_QUERY = "/chatroom/api/account/info?user_id=" + ALICE_ID
            + "&client_id=demo-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&scope=user_info_read%20user_chat_duration_read";

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** Seed 004's POST /developer/profile.php as its 新版本OAuth登录方式示例, for alice. */
    private HttpResponse<String> profile(String userinfo, String accessToken) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appid", 1);
        body.put("email", "alice@example.com");
        body.put("access_token", accessToken);
        return send(HttpRequest.newBuilder(URI.create(userinfo + "/developer/profile.php"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    /** auth-service's record of a user's last login address (its admin API shows only the time). */
    private String authLastLoginIp(long userId) throws Exception {
        return row("SELECT last_login_ip FROM auth.app_user WHERE id = ?", userId, row -> row.getString(1));
    }

    private JsonNode prompts(String clientId) throws Exception {
        HttpResponse<String> trail = admin("GET", "/admin/prompts?page_size=100&client_id=" + clientId, null);
        assertEquals(200, trail.statusCode(), trail.body());
        return JSON.readTree(trail.body()).get("items");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** [row count, user_version, lifecycle, quota, aff_code] of a user's quota account, read from its schema. */
    private List<Object> quotaRow(long userId) throws Exception {
        return row("SELECT count(*) OVER (), user_version, lifecycle, quota, aff_code FROM quota.account WHERE id = ?", userId,
                row -> List.of(row.getLong(1), row.getLong(2), row.getString(3), row.getLong(4), row.getString(5)));
    }

    /** Reads one column set of a row. */
    private interface RowReader<T> {
        T read(java.sql.ResultSet row) throws java.sql.SQLException;
    }

    /** The one row {@code sql} finds for {@code id} (its only parameter), read straight from the platform's database. */
    private <T> T row(String sql, long id, RowReader<T> reader) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(platform.postgres().jdbcUrl(),
                dev.userinfo.local.LocalPostgres.USER, dev.userinfo.local.LocalPostgres.PASSWORD);
             java.sql.PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, id);
            try (java.sql.ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no row for " + id + ": " + sql);
                return reader.read(row);
            }
        }
    }

    private long createUser(String login, String displayName, String email) throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/users", JSON.writeValueAsString(Map.of("login", login,
                "password", login + "-password", "display_name", displayName, "email", email)));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode user = JSON.readTree(created.body());
        assertEquals(1, user.get("version").asLong());
        return user.get("id").asLong();
    }

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(auth + path)).header("Authorization", ADMIN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpResponse<String> adminAt(String service, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(service + path)).header("Authorization", ADMIN).build());
    }

    /** The user feed's cursors (§3); the app feed (§5) goes to userinfo-service only and has its own cursor. */
    private List<JsonNode> deliveries() throws Exception {
        HttpResponse<String> response = admin("GET", "/admin/deliveries", null);
        assertEquals(200, response.statusCode(), response.body());
        List<String> cursors = new java.util.ArrayList<>();
        List<JsonNode> userFeed = new java.util.ArrayList<>();
        for (JsonNode state : JSON.readTree(response.body())) {
            cursors.add(state.get("subscriber").asText() + " " + state.get("feed").asText());
            if ("user-events".equals(state.get("feed").asText())) {
                userFeed.add(state);
            }
        }
        assertEquals(List.of(LocalPlatform.QUOTA + " user-events", LocalPlatform.USERINFO + " app-events",
                LocalPlatform.USERINFO + " user-events"), cursors.stream().sorted().toList());
        return userFeed;
    }

    /** userinfo-service's admin view of a user, or null when it holds none (or is not up). */
    private JsonNode profile(long userId) throws Exception {
        HttpResponse<String> response = adminAt(resourceServices.get(0), "/admin/profiles/" + userId);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private HttpResponse<String> quotaAccounts(String adminToken, String keyword) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(resourceServices.get(1) + "/api/admin/accounts?keyword=" + keyword))
                .header("Authorization", "Bearer " + adminToken).build());
    }

    /** account-quota-service's admin view of a (not deleted) account, or null. */
    private JsonNode account(String adminToken, long userId) throws Exception {
        HttpResponse<String> response = quotaAccounts(adminToken, Long.toString(userId));
        if (response.statusCode() != 200) {
            return null;
        }
        for (JsonNode item : JSON.readTree(response.body()).get("items")) {
            if (item.get("id").asLong() == userId) {
                return item;
            }
        }
        return null;
    }

    private static void expect(List<String> wrong, String what, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            wrong.add(what + ": expected " + expected + " but was " + actual);
        }
    }

    /** Polls until {@code check} finds nothing wrong, for at most 30 s; then fails with what is still wrong. */
    private static void awaitAll(String what, java.util.concurrent.Callable<List<String>> check) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        List<String> wrong;
        do {
            wrong = check.call();
            if (wrong.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + " not reached within 30 s: " + String.join("; ", wrong));
    }

    private static String sign(String payload, String alg, String kid, java.security.Key key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }
}
