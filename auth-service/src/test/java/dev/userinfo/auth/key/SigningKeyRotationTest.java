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

    @Test
    void rotationSignsWithTheNewKeyAndKeepsThePreviousPublished() throws Exception {
        String before = kid(token());
        assertTrue(publishedKids().contains(before));

        String newKid = TestHttps.given(url).header("Authorization", "Bearer test-admin-token")
                .post("/admin/keys/rotate").then().statusCode(200)
                .body("status", equalTo("active")).extract().path("kid");
        assertNotEquals(before, newKid);
        assertEquals(newKid, kid(token()), "new tokens are signed by the new key");
        List<String> published = publishedKids();
        assertTrue(published.contains(before), "the previous key stays published until its tokens expire");
        assertTrue(published.contains(newKid));

        List<String> statuses = TestHttps.given(url).header("Authorization", "Bearer test-admin-token")
                .get("/admin/keys").then().statusCode(200).extract().path("status");
        assertEquals(1, statuses.stream().filter("active"::equals).count(), "exactly one active key");
    }

    @Test
    void concurrentRotationsLeaveExactlyOneActiveKey() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> TestHttps.given(url).header("Authorization", "Bearer test-admin-token")
                        .post("/admin/keys/rotate").statusCode()));
            }
            for (var answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        List<String> statuses = TestHttps.given(url).header("Authorization", "Bearer test-admin-token")
                .get("/admin/keys").then().statusCode(200).extract().path("status");
        assertEquals(1, statuses.stream().filter("active"::equals).count());
        token(); // and signing works
    }

    @Inject
    SigningKeyRing ring;

    @Test
    void aPreviousKeyIsRetiredOnceItsTokensHaveExpired() throws Throwable {
        String oldKid = kid(token());
        TestHttps.given(url).header("Authorization", "Bearer test-admin-token").post("/admin/keys/rotate")
                .then().statusCode(200);
        assertTrue(publishedKids().contains(oldKid));
        // Move its retirement time into the past, as if a token lifetime had gone by; then let the ring refresh.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> SigningKey.update(
                "retireAt = ?1 where kid = ?2", java.time.Instant.now().minusSeconds(1), oldKid)));
        VertxContextSupport.subscribeAndAwait(() -> ring.refresh());
        assertFalse(publishedKids().contains(oldKid), "a retired key leaves the JWKS");
        SigningKey retired = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKey.<SigningKey>findById(oldKid)));
        assertEquals(SigningKey.RETIRED, retired.status);
        assertEquals(null, retired.privateKey, "its private part is erased");
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
        TestHttps.given(url).header("Authorization", "Bearer wrong").get("/admin/keys").then().statusCode(401);
    }
}
