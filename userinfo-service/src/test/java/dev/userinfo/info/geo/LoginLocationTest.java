package dev.userinfo.info.geo;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Issue #15 item 4, end to end: the last login address auth-service delivers in a user event reaches seed 004's
 * {@code location} through the shipped country database; a later login elsewhere changes it.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class LoginLocationTest extends SeedFourLocation {

    @Test
    void aDeliveredLoginSetsTheLocationAndALaterLoginElsewhereChangesIt() {
        long app = registerApp();
        long user = newUserId();
        deliver(userEvent(1, user, 1, null, null)).statusCode(200).body("applied", equalTo(1));
        assertEquals("", location(app, user), "never signed in");

        deliver(userEvent(2, user, 2, "2026-12-04T08:00:00Z", "1.1.1.1")).statusCode(200).body("applied", equalTo(1));
        assertEquals("AU", location(app, user));

        deliver(userEvent(3, user, 3, "2026-12-04T09:30:00+01:00", "2001:4860:4860::8888")).statusCode(200);
        assertEquals("US", location(app, user));
        assertEquals(1, count("SELECT count(*) FROM profile WHERE user_id = $1 AND last_login_ip = '2001:4860:4860::8888'"
                + " AND last_login_at = '2026-12-04T08:30:00Z'", user));

        // redelivered and late events change nothing (version guard)
        deliver(userEvent(2, user, 2, "2026-12-04T08:00:00Z", "1.1.1.1")).statusCode(200).body("ignored", equalTo(1));
        assertEquals("US", location(app, user));
    }

    @Test
    void anOperatorsCorrectionStandsUntilTheNextLogin() {
        long app = registerApp();
        long user = newUserId();
        deliver(userEvent(1, user, 1, "2026-12-04T08:00:00Z", "1.1.1.1")).statusCode(200);
        admin().contentType(ContentType.JSON).body("{\"last_login_ip\":\"133.11.0.1\"}").patch("/admin/profiles/" + user)
                .then().statusCode(200).body("last_login_ip", equalTo("133.11.0.1"));
        assertEquals("JP", location(app, user));
        // a change that is no login (same last_login_at, e.g. a new display name) keeps the operator's address
        deliver(userEvent(2, user, 2, "2026-12-04T08:00:00Z", "1.1.1.1")).statusCode(200).body("applied", equalTo(1));
        assertEquals("JP", location(app, user));
        deliver(userEvent(3, user, 3, "2026-12-04T10:00:00Z", "193.0.6.139")).statusCode(200);
        assertEquals("NL", location(app, user));
    }

    @Test
    void anAddressThatIsNoIpLiteralIsAnUnknownLocationNotARefusedBatch() {
        long app = registerApp();
        long user = newUserId();
        deliver(userEvent(1, user, 1, "2026-12-04T08:00:00Z", "8.8.8.8")).statusCode(200);
        assertEquals("US", location(app, user));
        deliver(userEvent(2, user, 2, "2026-12-04T09:00:00Z", "proxy.example")).statusCode(200).body("applied", equalTo(1));
        assertEquals("", location(app, user));
        deliver(userEvent(3, user, 3, "2026-12-04T10:00:00Z", "192.168.1.20")).statusCode(200);
        assertEquals("", location(app, user), "a private address has no country");
        assertEquals(1, count("SELECT count(*) FROM profile WHERE user_id = $1 AND last_login_ip = '192.168.1.20'", user));
    }
}
