package dev.userinfo.info.geo;

import dev.userinfo.info.ServiceTest;
import io.restassured.http.ContentType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the location tests share: logins delivered the way auth-service delivers them (docs/internal-contracts.md §3,
 * {@code last_login_at} and {@code last_login_ip} in the snapshot) and seed 004's {@code location} read back.
 */
abstract class SeedFourLocation extends ServiceTest {

    private static final AtomicLong APPS = new AtomicLong(System.nanoTime() % 1_000_000 * 10 + 7_000_000);

    /** A new app (seed 004's appid) with its client_id. */
    protected long registerApp() {
        long appId = APPS.incrementAndGet();
        registerApp(appId, "geo-app-" + appId);
        return appId;
    }

    /** The user snapshot after a change; {@code lastLoginAt} and {@code lastLoginIp} null when absent. */
    protected static String userEvent(long seq, long userId, long version, String lastLoginAt, String lastLoginIp) {
        return """
                {"event_id":"%s","seq":%d,"type":"user.updated","occurred_at":"2026-12-04T08:00:00Z",
                 "user":{"id":%d,"login":"geo%d","display_name":"Geo","email":"geo%d@example.com","phone":null,
                         "status":"active","version":%d,"created_at":"2026-12-01T10:00:00Z",
                         "last_login_at":%s,"last_login_ip":%s}}"""
                .formatted(java.util.UUID.randomUUID(), seq, userId, userId, userId, version, json(lastLoginAt),
                        json(lastLoginIp));
    }

    /** Seed 004's POST /developer/profile.php as the seed's example sends it, answering {@code data.location}. */
    protected String location(long appId, long userId) {
        String token = tokens().forUser(String.valueOf(userId), "geo-app-" + appId, "profile");
        return given().contentType(ContentType.JSON)
                .body("{\"appid\":" + appId + ",\"email\":\"geo" + userId + "@example.com\",\"access_token\":\"" + token + "\"}")
                .post("/developer/profile.php").then().statusCode(200).extract().path("data.location");
    }
}
