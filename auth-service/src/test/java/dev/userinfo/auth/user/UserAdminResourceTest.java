package dev.userinfo.auth.user;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class UserAdminResourceTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token");
    }

    private static String login() {
        return "u" + UUID.randomUUID().toString().substring(0, 10);
    }

    private int create(String login, String password) {
        return admin().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password, "display_name", "Ada 艾达", "email", login + "@example.com"))
                .post("/admin/users").then().statusCode(201).extract().path("id");
    }

    private long eventCount(int userId) {
        return admin().get("/admin/users/" + userId).then().statusCode(200).extract().<Integer>path("version");
    }

    @Test
    void createsReadsChangesDisablesAndDeletesAUserWithoutEverShowingThePassword() {
        String login = login();
        int id = admin().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", "correct horse battery", "display_name", "Ada 艾达",
                        "email", login + "@example.com", "phone", "+86 138-0000-0000"))
                .post("/admin/users")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("login", equalTo(login))
                .body("display_name", equalTo("Ada 艾达"))
                .body("status", equalTo("active"))
                .body("version", equalTo(1))
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("password_hash")))
                .extract().path("id");

        admin().get("/admin/users/" + id).then().statusCode(200).body("login", equalTo(login))
                .body("$", not(hasKey("password_hash")));

        admin().contentType(ContentType.JSON).body(Map.of("display_name", "Ada L."))
                .patch("/admin/users/" + id).then().statusCode(200)
                .body("display_name", equalTo("Ada L.")).body("email", equalTo(login + "@example.com"))
                .body("version", equalTo(2));

        admin().post("/admin/users/" + id + "/disable").then().statusCode(200)
                .body("status", equalTo("disabled")).body("version", equalTo(3));
        // Disabling twice is not a change.
        admin().post("/admin/users/" + id + "/disable").then().statusCode(200).body("version", equalTo(3));
        admin().post("/admin/users/" + id + "/enable").then().statusCode(200)
                .body("status", equalTo("active")).body("version", equalTo(4));

        admin().delete("/admin/users/" + id).then().statusCode(204);
        admin().get("/admin/users/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        admin().delete("/admin/users/" + id).then().statusCode(404);
    }

    @Test
    void writesOneOutboxEventPerChangeInTheSameTransaction() {
        int id = create(login(), "password-one");
        admin().contentType(ContentType.JSON).body(Map.of("email", "")).patch("/admin/users/" + id)
                .then().statusCode(200).body("email", equalTo(null));
        admin().post("/admin/users/" + id + "/disable").then().statusCode(200);
        admin().delete("/admin/users/" + id).then().statusCode(204);
        List<Map<String, Object>> events = OutboxQueries.eventsOf(id);
        assertEquals(List.of("user.created", "user.updated", "user.disabled", "user.deleted"),
                events.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(e -> ((Number) e.get("version")).longValue()).toList());
        assertTrue(events.stream().noneMatch(e -> e.toString().contains("password")), "no password material in events");
        // Disabling and deleting published revocations by subject for the resource services.
        assertEquals(2, OutboxQueries.revocationsOfSubject(id));
    }

    @Test
    void concurrentChangesGetDistinctVersions() throws Exception {
        int id = create(login(), "password-one");
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "name-" + i;
            threads.add(start(() -> admin().contentType(ContentType.JSON)
                    .body(Map.of("display_name", name)).patch("/admin/users/" + id).then().statusCode(200)));
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> versions = OutboxQueries.eventsOf(id).stream().map(e -> ((Number) e.get("version")).longValue()).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), versions.stream().sorted().toList());
        assertEquals(9, eventCount(id));
    }

    private static byte[] bytes(Object text) {
        return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    @Test
    void takenLoginOrEmailIsAConflictIgnoringCase() {
        String login = login();
        create(login, "password-one");
        admin().contentType(ContentType.JSON).body(Map.of("login", login.toUpperCase(), "password", "password-two"))
                .post("/admin/users").then().statusCode(409).body("error", equalTo("conflict"));
        admin().contentType(ContentType.JSON)
                .body(Map.of("login", login(), "password", "password-two", "email", login.toUpperCase() + "@EXAMPLE.com"))
                .post("/admin/users").then().statusCode(409);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"login\":\"ok-login\"}",
            "{\"login\":\"ok-login\",\"password\":\"short\"}",
            "{\"login\":\"a\",\"password\":\"long enough\"}",
            "{\"login\":\"robert'); DROP TABLE app_user;--\",\"password\":\"long enough\"}",
            "{\"login\":\"nul\\u0000byte\",\"password\":\"long enough\"}",
            "{\"login\":\"ok-login\",\"password\":\"long enough\",\"email\":\"not-an-email\"}",
            "{\"login\":\"ok-login\",\"password\":\"long enough\",\"phone\":\"<script>\"}",
            "{\"login\":\"ok-login\",\"password\":\"long enough\",\"status\":\"root\"}",
            "{\"login\":\"ok-login\",\"password\":\"long enough\",\"display_name\":\"bell\\u0007\"}",
            "{\"login\":[\"ok\"],\"password\":\"long enough\"}",
            "{\"login\":\"ok-login\",\"password\":12345678}",
            "not json",
            "[]"
    })
    void refusesBadUsersWithAClearErrorAndCreatesNothing(String body) {
        long before = OutboxQueries.count("app_user");
        admin().contentType(ContentType.JSON).body(body).post("/admin/users")
                .then().statusCode(400).body("error", equalTo("invalid_request")).body("detail", notNullValue());
        assertEquals(before, OutboxQueries.count("app_user"));
    }

    @Test
    void refusesOversizedPasswordsAndFields() {
        admin().contentType(ContentType.JSON).body(Map.of("login", login(), "password", "x".repeat(2000)))
                .post("/admin/users").then().statusCode(400).body("detail", containsString("longer than"));
        admin().contentType(ContentType.JSON).body(Map.of("login", "l".repeat(65), "password", "long enough"))
                .post("/admin/users").then().statusCode(400);
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        for (String id : List.of("999999999", "0", "-1", "abc", "9223372036854775808", "1%20OR%201=1")) {
            admin().get("/admin/users/" + id).then().statusCode(404);
            admin().post("/admin/users/" + id + "/disable").then().statusCode(404);
        }
        admin().contentType(ContentType.JSON).body("{}").patch("/admin/users/999999999").then().statusCode(404);
    }

    @Test
    void theAdminApiNeedsTheAdminCredential() {
        TestHttps.given(url).get("/admin/users").then().statusCode(401);
        TestHttps.given(url).header("Authorization", "Bearer wrong").contentType(ContentType.JSON)
                .body(Map.of("login", login(), "password", "long enough")).post("/admin/users").then().statusCode(401);
    }

    @Test
    void pagingIsValidated() {
        admin().queryParam("page_size", "0").get("/admin/users").then().statusCode(400);
        admin().queryParam("page", "x").get("/admin/users").then().statusCode(400);
        admin().queryParam("page", "0").get("/admin/users").then().statusCode(400);
        admin().queryParam("page_size", "101").get("/admin/users").then().statusCode(400);
        admin().queryParam("page_size", "2").get("/admin/users").then().statusCode(200)
                .body("page", org.hamcrest.Matchers.equalTo(1)).body("page_size", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void importsJsonLinesAllOrNothing() {
        String a = login(), b = login();
        String good = "{\"login\":\"" + a + "\",\"password\":\"password-a\"}\n\n{\"login\":\"" + b
                + "\",\"password\":\"password-b\",\"display_name\":\"小明\"}\n";
        admin().contentType("application/x-ndjson").body(bytes(good)).post("/admin/users/import")
                .then().statusCode(201).body("created", equalTo(2)).body("users[1].display_name", equalTo("小明"))
                .body("users[0]", not(hasKey("password")));

        long before = OutboxQueries.count("app_user");
        String c = login();
        String bad = "{\"login\":\"" + c + "\",\"password\":\"password-c\"}\n"
                + "{\"login\":\"" + c + "\",\"password\":\"password-c\"}\n"
                + "{\"login\":\"x\",\"password\":\"p\"}\n"
                + "{\"login\":\"" + login() + "\",\"password\":\"password-d\",\"is_admin\":true}\n"
                + "{broken\n";
        admin().contentType("application/x-ndjson").body(bytes(bad)).post("/admin/users/import")
                .then().statusCode(400).body("lines.line", equalTo(List.of(4, 5)));
        admin().contentType("application/x-ndjson")
                .body(bytes("{\"login\":\"" + c + "\",\"password\":\"password-c\"}\n{\"login\":\"" + a + "\",\"password\":\"password-a\"}\n"))
                .post("/admin/users/import").then().statusCode(409).body("lines.line", equalTo(List.of(2)));
        admin().contentType("application/x-ndjson").body(bytes("")).post("/admin/users/import").then().statusCode(400);
        admin().contentType(ContentType.TEXT).body(bytes(good)).post("/admin/users/import").then().statusCode(415);
        assertEquals(before, OutboxQueries.count("app_user"));
    }

    @Test
    void importRefusesTooManyLines() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= UserAdminResource.MAX_IMPORT_LINES; i++) {
            body.append("{\"login\":\"bulk").append(i).append("\",\"password\":\"password-x\"}\n");
        }
        admin().contentType("application/x-ndjson").body(bytes(body.toString())).post("/admin/users/import")
                .then().statusCode(400).body("detail", containsString("at most"));
    }

    @Test
    void passwordsNeverReachTheLog() throws IOException {
        String password = "never-log-me-" + UUID.randomUUID();
        create(login(), password);
        admin().contentType(ContentType.JSON).body("{\"login\":\"x\",\"password\":\"" + password + "\"")
                .post("/admin/users").then().statusCode(400);
        admin().contentType("application/x-ndjson").body(bytes("{\"login\":\"x\",\"password\":\"" + password + "\",\"junk\":1}\n"))
                .post("/admin/users/import").then().statusCode(400);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertFalse(log.contains(password), "the log holds a password");
        assertFalse(log.contains("$argon2id$"), "the log holds a password hash");
    }

    @Test
    void storedHashesAreArgon2idAndVerify() {
        String login = login();
        int id = create(login, "a password to check");
        Map<String, Object> row = new HashMap<>(OutboxQueries.user(id));
        String hash = (String) row.get("password_hash");
        assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), hash);
    }
}
