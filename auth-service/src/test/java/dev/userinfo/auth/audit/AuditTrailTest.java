package dev.userinfo.auth.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.Operators;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit trail (issue #18): every admin write of auth-service leaves one row naming its actor, action and target
 * with the state before and after, written with the change (a refused write leaves none), never holding a password,
 * hash or secret; {@code GET /admin/audit} pages and filters it for admin:read holders and the static credential.
 */
@QuarkusTest
class AuditTrailTest {

    static final String STATIC = "Bearer test-admin-token";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification as(String authorization) {
        return TestHttps.given(url).header("Authorization", authorization);
    }

    /** The newest entry for {@code target}, through the API. */
    private JsonPath newest(String target) {
        Response answer = as(STATIC).queryParam("target", target).queryParam("page_size", "1").get("/admin/audit");
        answer.then().statusCode(200);
        return new JsonPath(answer.asString()).setRootPath("items[0]");
    }

    private static long rows(String target) {
        return Fixtures.count("SELECT count(*) FROM audit_trail WHERE target = :p1", target);
    }

    @Test
    void everyUserWriteIsRecordedWithItsActorAndStateBeforeAndAfter() {
        TestUser operator = Operators.withRole("auditing-op", "operator");
        String op = "Bearer " + Operators.consoleToken(operator.id());
        String actor = "operator:" + operator.id();
        String login = Fixtures.unique("audited");
        String password = "first-password-" + login;
        int id = as(op).contentType(ContentType.JSON).body(Map.of("login", login, "password", password))
                .post("/admin/users").then().statusCode(201).extract().path("id");
        String target = "user:" + id;
        JsonPath created = newest(target);
        assertEquals(actor, created.getString("actor"));
        assertEquals("user.create", created.getString("action"));
        assertNull(created.get("before"));
        assertEquals(login, created.getString("after.login"));
        assertNotNull(Instant.parse(created.getString("at")));

        as(op).contentType(ContentType.JSON).body(Map.of("display_name", "Changed")).patch("/admin/users/" + id).then().statusCode(200);
        JsonPath updated = newest(target);
        assertEquals("user.update", updated.getString("action"));
        assertNull(updated.get("before.display_name"));
        assertEquals("Changed", updated.getString("after.display_name"));

        String newPassword = "second-password-" + login;
        as(STATIC).contentType(ContentType.JSON).body(Map.of("password", newPassword)).patch("/admin/users/" + id).then().statusCode(200);
        JsonPath reset = newest(target);
        assertEquals("user.reset-password", reset.getString("action"));
        assertEquals("admin-token", reset.getString("actor"));

        as(op).post("/admin/users/" + id + "/disable").then().statusCode(200);
        assertEquals("user.disable", newest(target).getString("action"));
        assertEquals("active", newest(target).getString("before.status"));
        assertEquals("disabled", newest(target).getString("after.status"));
        long afterDisable = rows(target);
        as(op).post("/admin/users/" + id + "/disable").then().statusCode(200);
        assertEquals(afterDisable, rows(target), "disabling a disabled user is no change and no record");
        as(op).post("/admin/users/" + id + "/enable").then().statusCode(200);
        assertEquals("user.enable", newest(target).getString("action"));

        as(op).contentType(ContentType.JSON).body("{\"platform_role\":\"auditor\"}").put("/admin/users/" + id + "/platform-role")
                .then().statusCode(200);
        JsonPath role = newest(target);
        assertEquals("user.platform-role", role.getString("action"));
        assertNull(role.get("before.platform_role"));
        assertEquals("auditor", role.getString("after.platform_role"));

        as(op).delete("/admin/users/" + id).then().statusCode(204);
        JsonPath deleted = newest(target);
        assertEquals("user.delete", deleted.getString("action"));
        assertEquals(login, deleted.getString("before.login"));
        assertNull(deleted.get("after"));
        assertEquals(7, rows(target));

        String imported = Fixtures.unique("imported");
        int importedId = as(op).contentType("application/x-ndjson")
                .body(("{\"login\":\"" + imported + "\",\"password\":\"imported-password-1\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/admin/users/import")
                .then().statusCode(201).extract().path("users[0].id");
        assertEquals("user.create", newest("user:" + importedId).getString("action"));
        assertEquals(actor, newest("user:" + importedId).getString("actor"));

        assertNoSecretIn(List.of(password, newPassword, "imported-password-1", "$argon2", "password_hash"));
    }

    @Test
    void everyAppAndKeyWriteIsRecordedAndNeverTheSecret() {
        String clientId = Fixtures.unique("audited-app");
        String secret = as(STATIC).contentType(ContentType.JSON)
                .body(Map.of("name", "Audited", "client_id", clientId, "redirect_uris", List.of("https://a.example/cb"),
                        "scopes", List.of("profile")))
                .post("/admin/apps").then().statusCode(201).extract().path("client_secret");
        String target = "app:" + clientId;
        JsonPath created = newest(target);
        assertEquals("app.create", created.getString("action"));
        assertEquals("admin-token", created.getString("actor"));
        assertEquals(clientId, created.getString("after.client_id"));

        as(STATIC).contentType(ContentType.JSON).body(Map.of("name", "Renamed")).patch("/admin/apps/" + clientId).then().statusCode(200);
        JsonPath updated = newest(target);
        assertEquals("app.update", updated.getString("action"));
        assertEquals("Audited", updated.getString("before.name"));
        assertEquals("Renamed", updated.getString("after.name"));

        String rotated = as(STATIC).post("/admin/apps/" + clientId + "/secret").then().statusCode(200).extract().path("client_secret");
        assertEquals("app.rotate-secret", newest(target).getString("action"));
        as(STATIC).delete("/admin/apps/" + clientId).then().statusCode(204);
        assertEquals("app.delete", newest(target).getString("action"));
        assertEquals(4, rows(target));

        String kid = as(STATIC).post("/admin/keys/rotate").then().statusCode(200).extract().path("kid");
        JsonPath rotation = newest("key:" + kid);
        assertEquals("key.rotate", rotation.getString("action"));
        assertEquals(kid, rotation.getString("after.kid"));
        String emergency = as(STATIC).post("/admin/keys/rotate-now").then().statusCode(200).extract().path("kid");
        assertEquals("key.rotate-now", newest("key:" + emergency).getString("action"));

        assertNoSecretIn(List.of(secret, rotated, "client_secret", "secret_hash", "private"));
    }

    @Test
    void aRefusedWriteLeavesNoRecord() {
        long before = Fixtures.count("SELECT count(*) FROM audit_trail");
        as(STATIC).contentType(ContentType.JSON).body(Map.of("login", "x", "password", "short")).post("/admin/users")
                .then().statusCode(400);
        as(STATIC).contentType(ContentType.JSON).body(Map.of("name", "Bad", "scopes", List.of("admin:read")))
                .post("/admin/apps").then().statusCode(400);
        as(STATIC).post("/admin/users/999999999/disable").then().statusCode(404);
        assertEquals(before, Fixtures.count("SELECT count(*) FROM audit_trail"));
    }

    @Test
    void theApiPagesNewestFirstFiltersAndNeedsAdminRead() {
        TestUser operator = Operators.withRole("paging-op", "operator");
        String op = "Bearer " + Operators.consoleToken(operator.id());
        String actor = "operator:" + operator.id();
        for (int i = 0; i < 3; i++) {
            as(op).contentType(ContentType.JSON).body(Map.of("login", Fixtures.unique("paged"), "password", "long enough password"))
                    .post("/admin/users").then().statusCode(201);
        }
        Response first = as(op).queryParam("actor", actor).queryParam("page_size", "2").get("/admin/audit");
        first.then().statusCode(200).body("total", equalTo(3)).body("page", equalTo(1)).body("page_size", equalTo(2))
                .body("items.size()", equalTo(2));
        List<Integer> ids = first.path("items.id");
        assertTrue(ids.get(0) > ids.get(1), "newest first: " + ids);
        as(op).queryParam("actor", actor).queryParam("page_size", "2").queryParam("page", "2").get("/admin/audit")
                .then().statusCode(200).body("items.size()", equalTo(1));
        as(op).queryParam("actor", actor).queryParam("action", "user.delete").get("/admin/audit")
                .then().statusCode(200).body("total", equalTo(0));
        as(op).queryParam("actor", actor).queryParam("action", "user.create").queryParam("target", first.<String>path("items[0].target"))
                .get("/admin/audit").then().statusCode(200).body("total", equalTo(1));

        for (Map.Entry<String, String> bad : Map.of("page", "0", "page_size", "101", "actor", "a".repeat(201),
                "target", "user:1\u0001").entrySet()) {
            as(op).queryParam(bad.getKey(), bad.getValue()).get("/admin/audit").then().statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
        TestHttps.given(url).get("/admin/audit").then().statusCode(401).body("error", equalTo("unauthorized"));
        TestUser plain = Fixtures.user("no-audit");
        String plainPat = "Bearer " + Operators.personalToken(plain.id(), List.of("profile"));
        as(plainPat).get("/admin/audit").then().statusCode(403).body("error", equalTo("insufficient_scope"));
        TestUser auditor = Operators.withRole("reads-audit", "auditor");
        as("Bearer " + Operators.consoleToken(auditor.id())).get("/admin/audit").then().statusCode(200);
    }

    private static void assertNoSecretIn(List<String> secrets) {
        long rows = Fixtures.count("SELECT count(*) FROM audit_trail");
        for (String secret : secrets) {
            assertFalse(secret == null || secret.isEmpty());
            long found = Fixtures.count("SELECT count(*) FROM audit_trail WHERE strpos(coalesce(before::text, '') "
                    + "|| coalesce(after::text, ''), :p1) > 0", secret);
            assertEquals(0, found, "the trail holds " + secret + " (" + rows + " rows)");
        }
    }
}
