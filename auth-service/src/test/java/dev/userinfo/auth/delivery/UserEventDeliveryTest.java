package dev.userinfo.auth.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.testing.MetricsCatalog;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox reaches a subscriber that was down while users were created and changed: everything arrives once
 * it is back, in order, and a redelivery (lost acknowledgement) changes nothing on the receiving side.
 */
@QuarkusTest
@QuarkusTestResource(value = UserEventDeliveryTest.Subscriber.class, restrictToAnnotatedClass = true)
class UserEventDeliveryTest {

    static StubSubscriber stub;
    static volatile JsonWebKeySet jwks;

    /** Registers the stub's URL as subscriber "stub" before auth-service starts; the stub itself starts later. */
    public static class Subscriber implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            stub = new StubSubscriber(UserEventDeliveryTest::verify);
            return Map.of("auth.delivery.subscribers.stub.url", stub.url());
        }

        @Override
        public void stop() {
        }
    }

    @AfterAll
    static void stopStub() throws Exception {
        stub.close();
    }

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token");
    }

    static JwtClaims verify(String token) {
        try {
            return new JwtConsumerBuilder().setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                    .setSkipDefaultAudienceValidation().setRequireExpirationTime().build().processToClaims(token);
        } catch (Exception e) {
            return null;
        }
    }

    private int create(String login) {
        return admin().contentType(ContentType.JSON).body(Map.of("login", login, "password", "password-" + login))
                .post("/admin/users").then().statusCode(201).extract().path("id");
    }

    /** platform_outbox_lag_seconds of subscriber "stub" and this feed (docs/metrics.md); NaN until first measured. */
    private double outboxLag(String feed) {
        return MetricsCatalog.value(TestHttps.given(url).get("/q/metrics").then().statusCode(200).extract().asString(),
                "platform_outbox_lag_seconds", "subscriber=\"stub\"", "feed=\"" + feed + "\"");
    }

    @Test
    void everyMetricTheAlertsUseIsExported() {
        // docs/metrics.md is also what the chart's AlertRulesTest checks the PrometheusRule against (issue #16 item 9).
        TestHttps.given(url).get("/.well-known/openid-configuration").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(), MetricsCatalog.load().problems(
                "auth-service", TestHttps.given(url).get("/q/metrics").then().statusCode(200).extract().asString())));
    }

    @Test
    void everyBoundedCacheIsOnTheMetrics() {
        // Issue #19: each in-memory cache reports its size, hits/misses and evictions under Caffeine's names.
        String metrics = TestHttps.given(url).get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(List.of(), MetricsCatalog.unmeteredCaches(metrics,
                List.of("apps", "issued-token-counts")));
    }

    @Test
    void aSubscriberThatWasDownCatchesUpExactlyOnceInEffect() throws Exception {
        jwks = new JsonWebKeySet(TestHttps.given(url).get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        String prefix = "d" + UUID.randomUUID().toString().substring(0, 6);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(prefix + "-" + i));
        }
        admin().contentType(ContentType.JSON).body(Map.of("display_name", "Renamed")).patch("/admin/users/" + ids.get(0))
                .then().statusCode(200);
        admin().post("/admin/users/" + ids.get(1) + "/disable").then().statusCode(200);
        admin().delete("/admin/users/" + ids.get(2)).then().statusCode(204);

        // Nobody listens: the dispatcher keeps trying and says so.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/admin/deliveries").then().statusCode(200)
                .body("find { it.subscriber == 'stub' }.attempts", org.hamcrest.Matchers.greaterThan(1))
                .body("find { it.subscriber == 'stub' }.last_error", org.hamcrest.Matchers.notNullValue()));
        assertEquals(0, stub.received.get());
        // Issue #16 item 9: the outbox lag alert's gauge sees the oldest undelivered event's age.
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxLag("user-events") > 0);

        stub.loseAcknowledgements.set(1);
        stub.start();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            admin().get("/admin/deliveries").then().body("find { it.subscriber == 'stub' }.attempts", org.hamcrest.Matchers.equalTo(0));
            for (int id : ids) {
                assertTrue(stub.users.containsKey((long) id), "user " + id + " arrived");
            }
        });
        JsonObject renamed = stub.users.get((long) ids.get(0));
        assertEquals("Renamed", renamed.getString("display_name"));
        assertEquals(2L, renamed.getLong("version"));
        assertEquals("disabled", stub.users.get((long) ids.get(1)).getString("status"));
        assertEquals("deleted", stub.users.get((long) ids.get(2)).getString("status"));
        assertEquals("active", stub.users.get((long) ids.get(4)).getString("status"));

        await().atMost(Duration.ofSeconds(10)).until(() -> outboxLag("user-events") == 0);

        // The lost acknowledgement made the first batch arrive twice; the version rule applied each change once.
        assertTrue(stub.ignored.get() > 0, "a redelivered batch reached the subscriber");
        assertEquals(stub.applied.size(), new HashSet<>(stub.applied).size(), "no (user, version) applied twice");
        assertEquals(0, stub.refused.get(), "every delivery carried a valid token");
        assertEquals(0, stub.invalid.get(), "every batch is the contract's shape (the receivers' validator)");

        // Later changes flow while the subscriber is up.
        admin().contentType(ContentType.JSON).body(Map.of("email", prefix + "@example.com"))
                .patch("/admin/users/" + ids.get(3)).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertEquals(prefix + "@example.com", stub.users.get((long) ids.get(3)).getString("email")));
    }
}
