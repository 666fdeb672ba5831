package dev.userinfo.auth.user;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.Operators;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /admin/users/{id}/platform-role} (issue #18): the role shows in the user view, bad values are 400 and
 * change nothing, and every change revokes the user's tokens through the revocation feed the resource services follow.
 */
@QuarkusTest
class PlatformRoleTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token");
    }

    private Response put(long id, String body) {
        return admin().contentType(ContentType.JSON).body(body).put("/admin/users/" + id + "/platform-role");
    }

    /** Rules of the revocation feed naming the user as a whole ({@code kind user}, what disable writes too). */
    private static long userRevocations(long id) {
        return Fixtures.count("SELECT count(*) FROM revocation WHERE kind = 'user' AND subject = :p1", Long.toString(id));
    }

    @Test
    void setChangeAndClearShowInTheViewAndEachChangeRevokesTheUsersTokens() {
        TestUser user = Fixtures.user("role");
        admin().get("/admin/users/" + user.id()).then().statusCode(200).body("platform_role", nullValue());
        int version = admin().get("/admin/users/" + user.id()).then().extract().path("version");

        put(user.id(), "{\"platform_role\":\"auditor\"}").then().statusCode(200)
                .body("platform_role", equalTo("auditor")).body("version", equalTo(version + 1));
        assertEquals(1, userRevocations(user.id()));
        String auditorToken = Operators.consoleToken(user.id());
        assertNotNull(auditorToken, "an auditor gets a console token");
        String pat = Operators.personalToken(user.id(), List.of("admin:read", "profile"));
        TestHttps.given(url).header("Authorization", "Bearer " + auditorToken).get("/admin/users").then().statusCode(200);

        put(user.id(), "{\"platform_role\":\"auditor\"}").then().statusCode(200).body("version", equalTo(version + 1));
        assertEquals(1, userRevocations(user.id()), "the same role again changes and revokes nothing");

        put(user.id(), "{\"platform_role\":\"operator\"}").then().statusCode(200).body("platform_role", equalTo("operator"));
        assertEquals(2, userRevocations(user.id()));
        // Revoked: the console token by the feed rule (what resource services apply), the personal token by its row.
        for (String old : List.of(auditorToken, pat)) {
            TestHttps.given(url).header("Authorization", "Bearer " + old).get("/admin/users").then().statusCode(401);
            assertEquals(false, introspect(url, old));
        }
        String operatorToken = Operators.consoleToken(user.id());
        TestHttps.given(url).header("Authorization", "Bearer " + operatorToken).get("/admin/users").then().statusCode(200);

        put(user.id(), "{\"platform_role\":null}").then().statusCode(200).body("platform_role", nullValue());
        assertEquals(3, userRevocations(user.id()));
        TestHttps.given(url).header("Authorization", "Bearer " + operatorToken).get("/admin/users").then().statusCode(401);
        assertEquals(null, Operators.consoleToken(user.id()), "no role, no console token");
        // The revocation is on the feed resource services follow (jwt-verification's RevocationFollower).
        String feed = TestHttps.given(url).header("Authorization", Grants.basic("userinfo-service", "userinfo-service-demo-secret"))
                .get("/internal/revocations?after=0&wait=0").asString();
        assertEquals(true, feed.contains("\"sub\":\"" + user.id() + "\""), "the feed names the user");
    }

    @Test
    void aBadRoleOrBodyIs400AndAnUnknownUser404AndNothingChanges() {
        TestUser user = Fixtures.user("badrole");
        for (String body : List.of("{\"platform_role\":\"root\"}", "{\"platform_role\":\"Operator\"}", "{\"platform_role\":5}",
                "{\"platform_role\":true}", "{\"platform_role\":[\"operator\"]}", "{}", "[]", "\"operator\"", "null",
                "{\"platform_role\":\"operator\",\"extra\":1}", "{\"role\":\"operator\"}")) {
            Response answer = put(user.id(), body);
            assertEquals(400, answer.statusCode(), body + ": " + answer.asString());
            assertEquals("invalid_request", answer.path("error"), body);
        }
        admin().get("/admin/users/" + user.id()).then().body("platform_role", nullValue()).body("version", equalTo(1));
        assertEquals(0, userRevocations(user.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM audit_trail WHERE target = :p1", "user:" + user.id()));
        for (String id : List.of("999999999", "0", "-1", "x")) {
            Response answer = admin().contentType(ContentType.JSON).body("{\"platform_role\":\"operator\"}")
                    .put("/admin/users/" + id + "/platform-role");
            assertEquals(404, answer.statusCode(), id + ": " + answer.asString());
        }
        admin().contentType(ContentType.TEXT).body("operator").put("/admin/users/" + user.id() + "/platform-role")
                .then().statusCode(415);
    }

    /** RFC 7662 as a resource service asks: whether the token is still active. */
    private static Object introspect(URL url, String token) {
        return TestHttps.given(url).header("Authorization", Grants.basic("userinfo-service", "userinfo-service-demo-secret"))
                .contentType(ContentType.URLENC).formParam("token", token).post("/oauth2/introspect").path("active");
    }
}
