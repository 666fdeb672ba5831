package dev.userinfo.info;

import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.TestHttps;
import dev.userinfo.jwt.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the userinfo-service tests share: HTTPS, tokens from jwt-verification's test helpers, users delivered
 * through the real {@code /internal/user-events} receiver, and fresh user ids per test so tests never collide.
 */
public abstract class ServiceTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    @TestHTTPResource(value = "/", tls = true)
    protected URL url;

    @Inject
    protected Pool pool;

    protected static TestTokens tokens() {
        return JwksTestResource.tokens();
    }

    protected RequestSpecification given() {
        return TestHttps.given(url);
    }

    protected static long newUserId() {
        return IDS.incrementAndGet();
    }

    /** auth-service's own client token for the lifecycle delivery (docs/internal-contracts.md §3). */
    protected static String deliveryToken() {
        return tokens().forClient("auth-service", "platform.user-events");
    }

    protected RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token");
    }


    /** POSTs a batch to the receiver as auth-service does; returns the raw response for assertions. */
    protected io.restassured.response.ValidatableResponse deliver(String eventsJson) {
        return given().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.JSON)
                .body("{\"events\":[" + eventsJson + "]}").post("/internal/user-events").then();
    }

    /** One event in the contract's shape. */
    protected static String event(long seq, String type, long userId, long version, String login, String displayName,
                                  String email, String phone, String status) {
        return """
                {"event_id":"%s","seq":%d,"type":"%s","occurred_at":"2026-11-22T08:00:00Z",
                 "user":{"id":%d,"login":%s,"display_name":%s,"email":%s,"phone":%s,"status":"%s","version":%d,
                         "created_at":"2026-11-20T10:00:00Z"}}"""
                .formatted(java.util.UUID.randomUUID(), seq, type, userId, json(login), json(displayName), json(email),
                        json(phone), status, version);
    }

    protected static String json(String value) {
        if (value == null) {
            return "null";
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** auth-service's own client token for the app registration delivery (docs/internal-contracts.md §5). */
    protected static String appDeliveryToken() {
        return tokens().forClient("auth-service", "platform.app-events");
    }

    /** POSTs a batch of app events to the receiver as auth-service does; returns the raw response for assertions. */
    protected io.restassured.response.ValidatableResponse deliverApps(String eventsJson) {
        return given().header("Authorization", "Bearer " + appDeliveryToken()).contentType(ContentType.JSON)
                .body("{\"events\":[" + eventsJson + "]}").post("/internal/app-events").then();
    }

    /** One app event in the contract's shape (§5); a deleted app's snapshot carries only appid, status and version. */
    protected static String appEvent(long seq, String type, long appId, long version, String clientId, String status) {
        String app = "deleted".equals(status)
                ? "{\"appid\":%d,\"status\":\"deleted\",\"version\":%d}".formatted(appId, version)
                : "{\"appid\":%d,\"client_id\":%s,\"name\":\"App %d\",\"status\":\"%s\",\"version\":%d}"
                        .formatted(appId, json(clientId), appId, status, version);
        return "{\"event_id\":\"%s\",\"seq\":%d,\"type\":\"%s\",\"occurred_at\":\"2026-11-22T08:00:00Z\",\"app\":%s}"
                .formatted(java.util.UUID.randomUUID(), seq, type, app);
    }

    /**
     * Registers an app the only way apps arrive (issue #15 item 0): auth-service announces it, {@code app.created}
     * version 1, through the real {@code /internal/app-events} receiver.
     */
    protected void registerApp(long appId, String clientId) {
        deliverApps(appEvent(1, "app.created", appId, 1, clientId, "active")).statusCode(200);
    }

    /** A new active user, delivered as user.created version 1. */
    protected long createUser(String login, String displayName, String email, String phone) {
        long id = newUserId();
        deliver(event(id, "user.created", id, 1, login, displayName, email, phone, "active")).statusCode(200);
        return id;
    }

    /** Test set-up only: runs SQL on the service's own database (the admin API has its own tests). */
    protected void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(List.of(params))).await().atMost(Duration.ofSeconds(10));
    }

    protected long count(String query, Object... params) {
        return pool.preparedQuery(query).execute(Tuple.from(List.of(params)))
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(10));
    }
}
