package dev.userinfo.auth.key;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SigningKeyRotationTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private String token() {
        return TestHttps.given(url).auth().preemptive().basic("demo-app", "demo-secret")
                .formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String kid(String jwt) throws Exception {
        return JsonWebStructure.fromCompactSerialization(jwt).getKeyIdHeaderValue();
    }

    private List<String> publishedKids() {
        return JsonPath.from(TestHttps.given(url).get("/.well-known/jwks.json").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/jwk-set+json")).extract().asString()).getList("keys.kid");
    }

    private io.restassured.specification.RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token");
    }

    /** The state the admin API shows for {@code kid}. */
    private String state(String kid) {
        List<java.util.Map<String, Object>> keys = admin().get("/admin/keys").then().statusCode(200).extract().path("$");
        return keys.stream().filter(key -> kid.equals(key.get("kid"))).map(key -> (String) key.get("status")).findFirst()
                .orElse("absent");
    }

    /** Polls until new tokens carry {@code kid}: generous bound, the test config's publish delay is 5 s. */
    private void awaitSigningWith(String kid) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!kid.equals(kid(token()))) {
            assertTrue(System.nanoTime() < deadline, "key " + kid + " never started signing");
            Thread.sleep(100);
        }
    }

    @Test
    void rotationPublishesTheNextKeyBeforeItSignsAndKeepsThePreviousPublished() throws Exception {
        String before = kid(token());
        assertTrue(publishedKids().contains(before));

        java.time.Instant asked = java.time.Instant.now();
        io.restassured.response.ExtractableResponse<io.restassured.response.Response> rotated = admin()
                .post("/admin/keys/rotate").then().statusCode(200).body("status", equalTo("next")).extract();
        String newKid = rotated.path("kid");
        java.time.Instant signsFrom = java.time.Instant.parse(rotated.path("signsFrom"));
        assertNotEquals(before, newKid);
        assertTrue(!signsFrom.isBefore(asked.plus(ring.publishDelay())), "signs one publish delay after the rotation");
        assertTrue(publishedKids().contains(newKid), "the next key is in the JWKS before it signs");
        java.time.Instant minting = java.time.Instant.now();
        String meanwhile = kid(token());
        if (java.time.Instant.now().isBefore(signsFrom)) {
            assertEquals(before, meanwhile, "the current key keeps signing until the next one's signs_from");
        } else if (!minting.isBefore(signsFrom)) {
            assertEquals(newKid, meanwhile);
        }
        assertEquals(newKid, admin().post("/admin/keys/rotate").then().statusCode(200).extract().path("kid"),
                "a second rotation while one is under way answers the same next key");

        awaitSigningWith(newKid);
        assertFalse(java.time.Instant.now().isBefore(signsFrom), "not before its signs_from");
        List<String> published = publishedKids();
        assertTrue(published.contains(before), "the previous key stays published until its tokens expire");
        assertEquals("previous", state(before));
        assertEquals("active", state(newKid));
        List<String> statuses = admin().get("/admin/keys").then().statusCode(200).extract().path("status");
        assertEquals(1, statuses.stream().filter("active"::equals).count(), "exactly one active key");
    }

    @Test
    void concurrentRotationsPublishExactlyOneNextKey() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.Set<String> kids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    io.restassured.response.Response answer = admin().post("/admin/keys/rotate");
                    kids.add(answer.path("kid"));
                    return answer.statusCode();
                }));
            }
            for (var answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, kids.size(), "every concurrent rotation answered the same next key: " + kids);
        List<String> statuses = admin().get("/admin/keys").then().statusCode(200).extract().path("status");
        assertEquals(1, statuses.stream().filter("active"::equals).count());
        assertTrue(statuses.stream().filter("next"::equals).count() <= 1, statuses.toString());
        token(); // and signing works
        awaitSigningWith(kids.iterator().next());
    }

    @Inject
    SigningKeyRing ring;

    @Test
    void aPreviousKeyIsRetiredOnceItsTokensHaveExpired() throws Throwable {
        String oldKid = kid(token());
        String newKid = admin().post("/admin/keys/rotate").then().statusCode(200).extract().path("kid");
        assertTrue(publishedKids().contains(oldKid));
        // As if the publish delay and then a token lifetime had gone by; then let the ring refresh.
        java.time.Instant now = java.time.Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> SigningKey.update(
                "signsFrom = ?1 where kid = ?2", now.minusSeconds(2), newKid).chain(() -> SigningKey.update(
                "rotatedAt = ?1, retireAt = ?2 where kid = ?3", now.minusSeconds(2), now.minusSeconds(1), oldKid))));
        VertxContextSupport.subscribeAndAwait(() -> ring.refresh());
        assertFalse(publishedKids().contains(oldKid), "a retired key leaves the JWKS");
        SigningKey retired = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKey.<SigningKey>findById(oldKid)));
        assertEquals(SigningKey.RETIRED, retired.status);
        assertEquals(null, retired.privateKey, "its private part is erased");
        SigningKey active = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKey.<SigningKey>findById(newKid)));
        assertEquals(SigningKey.ACTIVE, active.status, "the refresh also recorded the switch");
        assertEquals(newKid, kid(token()));
    }

    @Test
    void anEmergencyRotationSignsAtOnceAndWithdrawsEveryOtherKey() throws Exception {
        String compromised = token();
        String oldKid = kid(compromised);
        String pending = admin().post("/admin/keys/rotate").then().statusCode(200).extract().path("kid");
        String newKid = admin().post("/admin/keys/rotate-now").then().statusCode(200)
                .body("status", equalTo("active")).extract().path("kid");
        assertEquals(newKid, kid(token()), "the new key signs at once");
        assertEquals(List.of(newKid), publishedKids(), "the compromised key and the pending one are withdrawn");
        assertEquals("retired", state(oldKid));
        assertEquals("retired", state(pending));
        TestHttps.given(url).auth().preemptive().basic("demo-app", "demo-secret").formParam("token", compromised)
                .post("/oauth2/introspect").then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void jwksCarriesNoPrivatePart() {
        String jwks = TestHttps.given(url).get("/.well-known/jwks.json").asString();
        for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertFalse(jwks.contains(privateMember), jwks);
        }
    }

    @Test
    void keyAdminNeedsTheAdminCredential() {
        TestHttps.given(url).post("/admin/keys/rotate").then().statusCode(401).body("error", equalTo("unauthorized"));
        TestHttps.given(url).post("/admin/keys/rotate-now").then().statusCode(401).body("error", equalTo("unauthorized"));
        TestHttps.given(url).header("Authorization", "Bearer wrong").get("/admin/keys").then().statusCode(401);
    }
}
