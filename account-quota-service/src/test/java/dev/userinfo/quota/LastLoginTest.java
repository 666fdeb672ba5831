package dev.userinfo.quota;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, 3: auth-service's user events carry the last login (contract §3: a login is a change with a new
 * version); {@code /api/user/self} shows it as seed 003's {@code last_login_at} (Unix seconds) and
 * {@code last_login_ip}, and {@code 0}/{@code ""} for a user who never logged in.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class LastLoginTest extends QuotaTestSupport {

    private static final String AT = "2026-11-22T07:59:58Z";

    private JsonPath self(long id) {
        return https().header("Authorization", "Bearer " + userToken(id, "quota_read")).get("/api/user/self")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDeliveredLoginShowsInTheSelfView() {
        long id = newAccount(10);
        deliver(List.of(withLogin(event(2, "user.updated", id, "user" + id, "active", 2), AT, "203.0.113.7")))
                .then().statusCode(200).body("applied", equalTo(1));
        JsonPath data = self(id).setRootPath("data");
        assertEquals(Instant.parse(AT).getEpochSecond(), data.getLong("last_login_at"));
        assertEquals("203.0.113.7", data.getString("last_login_ip"));
    }

    @Test
    void anOlderVersionDoesNotOverwriteALaterLogin() {
        long id = newAccount(10);
        deliver(List.of(withLogin(event(3, "user.updated", id, "user" + id, "active", 3), AT, "2001:db8::7")))
                .then().statusCode(200).body("applied", equalTo(1));
        // Version 2 arrives late (redelivery, reordering): its older login is ignored (contract §3).
        deliver(List.of(withLogin(event(4, "user.updated", id, "user" + id, "active", 2), "2026-11-21T00:00:00Z",
                "198.51.100.1"))).then().statusCode(200).body("ignored", equalTo(1));
        JsonPath data = self(id).setRootPath("data");
        assertEquals(Instant.parse(AT).getEpochSecond(), data.getLong("last_login_at"));
        assertEquals("2001:db8::7", data.getString("last_login_ip"));
    }

    @Test
    void aUserWhoNeverLoggedInShowsZeroAndEmpty() {
        long id = newAccount(10);   // delivered with last_login_at and last_login_ip absent
        deliver(List.of(withLogin(event(2, "user.updated", id, "user" + id, "active", 2), null, null)))
                .then().statusCode(200).body("applied", equalTo(1));   // and explicitly null
        JsonPath body = self(id);
        assertEquals(0, body.getInt("data.last_login_at"));
        assertEquals("", body.getString("data.last_login_ip"));
    }
}
