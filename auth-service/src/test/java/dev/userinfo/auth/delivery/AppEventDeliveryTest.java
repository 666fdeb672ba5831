package dev.userinfo.auth.delivery;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.AppRegistration;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Apps are registered once, here, and announced (docs/internal-contracts.md §5): every app change writes its event in
 * the change's transaction, and the one dispatcher delivers both feeds, each in seq order, to a subscriber that set
 * an app-events URL.
 */
@QuarkusTest
@QuarkusTestResource(value = AppEventDeliveryTest.Subscriber.class, restrictToAnnotatedClass = true)
class AppEventDeliveryTest {

    static StubSubscriber stub;

    /** Registers the stub for both feeds before auth-service starts. */
    public static class Subscriber implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            stub = new StubSubscriber(UserEventDeliveryTest::verify);
            return Map.of("auth.delivery.subscribers.both.url", stub.url(),
                    "auth.delivery.subscribers.both.app-events-url", stub.appEventsUrl());
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

    @Inject
    Pool pool;

    @Inject
    AppRegistry registry;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token");
    }

    private long events(String clientId) {
        return pool.preparedQuery("SELECT count(*) FROM auth.app_event WHERE payload->>'client_id' = $1")
                .execute(Tuple.of(clientId)).map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(10));
    }

    private List<String> types(long appid) {
        return pool.preparedQuery("SELECT type FROM auth.app_event WHERE appid = $1 ORDER BY seq").execute(Tuple.of(appid))
                .map(rows -> {
                    List<String> types = new ArrayList<>();
                    rows.forEach(row -> types.add(row.getString(0)));
                    return types;
                }).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void everyAppChangeIsAnnouncedAndBothFeedsArriveInOrder() throws Exception {
        UserEventDeliveryTest.jwks = new JsonWebKeySet(TestHttps.given(url).get("/.well-known/jwks.json").then().statusCode(200)
                .extract().asString());
        String clientId = "announced-" + UUID.randomUUID().toString().substring(0, 8);
        long appid = admin().contentType(ContentType.JSON).body(Map.of("name", "Announced", "client_id", clientId))
                .post("/admin/apps").then().statusCode(201).extract().<Number>path("appid").longValue();
        admin().contentType(ContentType.JSON).body(Map.of("name", "Renamed")).patch("/admin/apps/" + clientId).then().statusCode(200);
        // Neither the redirect URIs nor the secret are in the snapshot: no event, no version.
        admin().contentType(ContentType.JSON).body(Map.of("redirect_uris", List.of("https://a.example/cb")))
                .patch("/admin/apps/" + clientId).then().statusCode(200);
        admin().post("/admin/apps/" + clientId + "/secret").then().statusCode(200);
        admin().contentType(ContentType.JSON).body(Map.of("enabled", false)).patch("/admin/apps/" + clientId).then().statusCode(200);
        admin().contentType(ContentType.JSON).body(Map.of("enabled", true)).patch("/admin/apps/" + clientId).then().statusCode(200);
        admin().delete("/admin/apps/" + clientId).then().statusCode(204);
        admin().delete("/admin/apps/" + clientId).then().statusCode(404);
        assertEquals(List.of("app.created", "app.updated", "app.disabled", "app.enabled", "app.deleted"), types(appid));
        int user = admin().contentType(ContentType.JSON).body(Map.of("login", "u" + appid, "password", "password-" + appid))
                .post("/admin/users").then().statusCode(201).extract().path("id");

        stub.start();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonObject app = stub.apps.get(appid);
            assertTrue(app != null && "deleted".equals(app.getString("status")), "the app's last event arrived: " + app);
            assertTrue(stub.users.containsKey((long) user), "the user feed arrived too");
        });
        JsonObject deleted = stub.apps.get(appid);
        assertEquals(5L, deleted.getLong("version"));
        assertNull(deleted.getString("client_id"));
        // The demo app (appid 1), announced at start like any registration.
        assertEquals("demo-app", stub.apps.get(1L).getString("client_id"));
        List<Long> seqs = new ArrayList<>(stub.appSeqs);
        assertEquals(seqs.stream().sorted().toList(), seqs, "app events arrive in seq order");
        assertEquals(0, stub.refused.get(), "each feed's token carried its own scope");
        assertEquals(0, stub.invalid.get(), "every batch is the contract's shape");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> admin().get("/admin/deliveries").then().statusCode(200)
                .body("findAll { it.subscriber == 'both' }.feed", equalTo(List.of("app-events", "user-events")))
                .body("find { it.subscriber == 'both' && it.feed == 'app-events' }.attempts", equalTo(0)));
    }

    @Test
    void aRolledBackRegistrationWritesNoEvent() throws Throwable {
        String clientId = "rolled-back-" + UUID.randomUUID().toString().substring(0, 8);
        RuntimeException rollback = new IllegalStateException("the caller's transaction fails after the registration");
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                registry.register(new AppRegistration("Rolled back", clientId, null, List.of(), List.of()))
                        .chain(() -> Uni.createFrom().failure(rollback)))));
        assertEquals(0, events(clientId));
        admin().get("/admin/apps/" + clientId).then().statusCode(404);

        VertxContextSupport.subscribeAndAwait(() -> registry.register(new AppRegistration("Committed", clientId, null, List.of(), List.of())));
        assertEquals(1, events(clientId));
    }
}
