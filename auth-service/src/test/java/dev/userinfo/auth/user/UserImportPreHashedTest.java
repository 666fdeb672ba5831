package dev.userinfo.auth.user;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The import's pre-hashed {@code password_hash} (issue #19) and its bulk insert keeping every rule of a create. */
@QuarkusTest
class UserImportPreHashedTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    PasswordHasher hasher;

    @Inject
    UserDirectory users;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token");
    }

    private Response importLines(String... lines) {
        return admin().contentType("application/x-ndjson")
                .body((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)).post("/admin/users/import");
    }

    private static String line(String login, String field, String value) {
        return "{\"login\":\"" + login + "\",\"" + field + "\":\"" + value + "\",\"email\":\"" + login + "@example.test\"}";
    }

    @Test
    void importsPreHashedPasswordsStoredAsGivenThatSignIn() {
        String hash = hasher.hash("x");
        String a = Fixtures.unique("pre"), b = Fixtures.unique("plain"), c = Fixtures.unique("pre");
        Response created = importLines(line(a, "password_hash", hash), line(b, "password", "password-b"),
                line(c, "password_hash", hash));
        created.then().statusCode(201).body("created", equalTo(3))
                .body("users[0].login", equalTo(a)).body("users[1].login", equalTo(b)).body("users[2].login", equalTo(c))
                .body("users[0]", not(hasKey("password_hash"))).body("users[0].version", equalTo(1));
        assertFalse(created.asString().contains("$argon2"), "the answer holds a hash");
        List<Integer> ids = created.path("users.id");

        assertEquals(hash, OutboxQueries.user(ids.get(0)).get("password_hash"));
        assertNotNull(Fixtures.await(() -> users.authenticate(a, "x")), "a pre-hashed password signs in");
        assertNull(Fixtures.await(() -> users.authenticate(c, "y")));
        assertNotNull(Fixtures.await(() -> users.authenticate(b, "password-b")), "a plain line is hashed as before");

        // The bulk insert keeps a create's rules: one user.created event each, in line order, and a user.create record.
        for (int i = 0; i < 3; i++) {
            List<Map<String, Object>> events = OutboxQueries.eventsOf(ids.get(i));
            assertEquals(1, events.size());
            assertEquals("user.created", events.get(0).get("type"));
            assertEquals(ids.get(i), events.get(0).get("id"));
            assertEquals(1, events.get(0).get("version"));
        }
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2)), List.copyOf(new java.util.TreeSet<>(ids)));
        admin().queryParam("target", "user:" + ids.get(2)).get("/admin/audit").then().statusCode(200)
                .body("items[0].action", equalTo("user.create")).body("items[0].after.login", equalTo(c))
                .body("items[0].after", not(hasKey("password_hash")));
    }

    @Test
    void refusesMalformedDoubledAndTooCostlyHashesChangingNothing() {
        String good = hasher.hash("x");
        String salt = "c2FsdHNhbHRzYWx0c2FsdA";
        String tag = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
        long before = OutboxQueries.count("app_user");
        Response refused = importLines(
                "{\"login\":\"" + Fixtures.unique("both") + "\",\"password\":\"password-1\",\"password_hash\":\"" + good + "\"}",
                line(Fixtures.unique("bad"), "password_hash", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$"),
                line(Fixtures.unique("big"), "password_hash", "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + tag),
                line(Fixtures.unique("slow"), "password_hash", "$argon2id$v=19$m=1024,t=1000,p=1$" + salt + "$" + tag),
                line(Fixtures.unique("argon2i"), "password_hash", "$argon2i$v=19$m=1024,t=1,p=1$" + salt + "$" + tag),
                line(Fixtures.unique("fine"), "password_hash", good));
        refused.then().statusCode(400).body("lines.line", equalTo(List.of(1, 2, 3, 4, 5)));
        assertFalse(refused.asString().contains(salt), "the refusal quotes a hash");
        assertEquals(before, OutboxQueries.count("app_user"));

        // Outside the import a hash is never taken: the API hashes every password itself.
        admin().contentType(ContentType.JSON).body(Map.of("login", Fixtures.unique("api"), "password_hash", good))
                .post("/admin/users").then().statusCode(400);
        assertEquals(before, OutboxQueries.count("app_user"));
    }
}
