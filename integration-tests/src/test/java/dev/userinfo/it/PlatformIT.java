package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.local.LocalPlatform;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
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

    /** Database and service logs of the run, kept under target/ for a look after a failure. */
    private final Path work = Path.of("target/platform-it").toAbsolutePath();

    private LocalPlatform platform;
    private String auth;
    private List<String> resourceServices;

    @BeforeAll
    void start() throws Exception {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        deleteRecursively(work);
        platform = LocalPlatform.start(LocalPlatform.Options.ephemeral(root, work));
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

    private static void deleteRecursively(Path dir) throws java.io.IOException {
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
        String after = token();
        assertNotEquals(oldKid, JsonWebStructure.fromCompactSerialization(after).getKeyIdHeaderValue());
        for (String service : resourceServices) {
            assertEquals(200, whoami(service, after).statusCode(), service + " accepts the new key at once");
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
