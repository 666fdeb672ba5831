package dev.userinfo.auth.app;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AppAdminResourceTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token");
    }

    private static String uniqueId() {
        return "app-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registersAConfidentialAppAndShowsTheSecretOnce() {
        String clientId = uniqueId();
        // Looked up (and cached as unknown) before it exists: registration must not be hidden by that.
        TestHttps.given(url).auth().preemptive().basic(clientId, "guess").formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(401);
        String secret = admin().contentType(ContentType.JSON)
                .body(Map.of("name", "Chat room", "client_id", clientId,
                        "redirect_uris", List.of("https://chat.example/cb"), "scopes", List.of("user_info_read")))
                .post("/admin/apps")
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("appid", notNullValue())
                .body("client_id", equalTo(clientId))
                .body("client_type", equalTo("confidential"))
                .body("client_secret", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract().path("client_secret");

        admin().get("/admin/apps/" + clientId).then().statusCode(200)
                .body("$", not(hasKey("client_secret")))
                .body("redirect_uris[0]", equalTo("https://chat.example/cb"));

        // The secret works at the token endpoint, and only for the scopes the app may use.
        TestHttps.given(url).auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200).body("scope", equalTo("user_info_read"));
        TestHttps.given(url).auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .formParam("scope", "quota_write").post("/oauth2/token").then().statusCode(400)
                .body("error", equalTo("invalid_scope"));
    }

    @Test
    void aPublicAppHasNoSecretAndCannotUseClientCredentials() {
        String clientId = uniqueId();
        admin().contentType(ContentType.JSON)
                .body(Map.of("name", "Mobile", "client_id", clientId, "client_type", "public",
                        "redirect_uris", List.of("com.example.mobile:/callback")))
                .post("/admin/apps").then().statusCode(201).body("$", not(hasKey("client_secret")));
        TestHttps.given(url).formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void generatesAClientIdWhenNoneIsGiven() {
        admin().contentType(ContentType.JSON).body(Map.of("name", "Generated"))
                .post("/admin/apps").then().statusCode(201).body("client_id", matchesPattern("app_[A-Za-z0-9]{20}"));
    }

    @Test
    void refusesInvalidRegistrationsAndChangesNothing() {
        String clientId = uniqueId();
        List<Map<String, Object>> invalid = List.of(
                Map.of("client_id", clientId),
                Map.of("name", "", "client_id", clientId),
                Map.of("name", "x".repeat(101), "client_id", clientId),
                Map.of("name", "Bad id", "client_id", "a b"),
                Map.of("name", "Bad id", "client_id", "'; drop table app; --"),
                Map.of("name", "Bad type", "client_id", clientId, "client_type", "root"),
                Map.of("name", "Bad scope", "client_id", clientId, "scopes", List.of("everything")),
                Map.of("name", "Http", "client_id", clientId, "redirect_uris", List.of("http://evil.example/cb")),
                Map.of("name", "Fragment", "client_id", clientId, "redirect_uris", List.of("https://a.example/cb#x")),
                Map.of("name", "Relative", "client_id", clientId, "redirect_uris", List.of("/cb")),
                Map.of("name", "Script", "client_id", clientId, "redirect_uris", List.of("javascript:alert(1)")),
                Map.of("name", "Nul\u0000name", "client_id", clientId),
                Map.of("name", "Nul id", "client_id", "abc\u0000def"),
                // Purely numeric: seed 002's X-App-Id would read it as another app's appid (issue #15 item 0).
                Map.of("name", "Digits", "client_id", "20260"),
                Map.of("name", "Space", "client_id", clientId, "redirect_uris", List.of("https://a.example/c b")),
                Map.of("name", "Nul uri", "client_id", clientId, "redirect_uris", List.of("https://a.example/\u0000")),
                Map.of("name", "Too many", "client_id", clientId, "redirect_uris", java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> "https://a.example/" + i).toList()));
        for (Map<String, Object> body : invalid) {
            admin().contentType(ContentType.JSON).body(body).post("/admin/apps")
                    .then().statusCode(400).body("error", equalTo("invalid_request")).body("detail", notNullValue());
        }
        admin().contentType(ContentType.JSON).body("{\"name\": ").post("/admin/apps")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        admin().contentType(ContentType.JSON).body("{\"name\": 12, \"scopes\": \"openid\"}").post("/admin/apps")
                .then().statusCode(400);
        admin().contentType(ContentType.TEXT).body("name=x").post("/admin/apps").then().statusCode(415);
        admin().get("/admin/apps/" + clientId).then().statusCode(404).body("error", equalTo("not_found"));
        admin().get("/admin/apps/abc%00def").then().statusCode(404).body("error", equalTo("not_found"));
        admin().get("/admin/apps/" + "x".repeat(3000)).then().statusCode(404);
    }

    @Test
    void aTakenClientIdIsAConflict() {
        admin().contentType(ContentType.JSON).body(Map.of("name", "Again", "client_id", "demo-app"))
                .post("/admin/apps").then().statusCode(409).body("error", equalTo("conflict"));
    }

    @Test
    void listsAppsByPage() {
        admin().get("/admin/apps?page=1&page_size=1").then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].appid", equalTo(1)).body("items[0].client_id", equalTo("demo-app"))
                .body("page", equalTo(1)).body("page_size", equalTo(1)).body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        admin().get("/admin/apps?page_size=1000").then().statusCode(400).contentType("application/problem+json")
                .body("error", equalTo("invalid_request"));
        admin().get("/admin/apps?page=abc").then().statusCode(400).body("error", equalTo("invalid_request"));
        admin().get("/admin/apps?page=0").then().statusCode(400).body("error", equalTo("invalid_request"));
        admin().get("/admin/apps?page=-1").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void everyAdminCallNeedsTheCredential() {
        TestHttps.given(url).contentType(ContentType.JSON).body(Map.of("name", "x")).post("/admin/apps")
                .then().statusCode(401);
        TestHttps.given(url).get("/admin/apps").then().statusCode(401);
        TestHttps.given(url).header("Authorization", "Bearer test-admin-tokenX").get("/admin/apps/demo-app").then().statusCode(401);
    }

    @Test
    void changesAnAppAndRotatesItsKey() {
        String clientId = uniqueId();
        String secret = admin().contentType(ContentType.JSON)
                .body(Map.of("name", "Logo app", "client_id", clientId, "scopes", List.of("user_info_read"),
                        "description", "Reads your name", "logo_url", "https://cdn.example/logo.png"))
                .post("/admin/apps").then().statusCode(201)
                .body("description", equalTo("Reads your name"))
                .body("logo_url", equalTo("https://cdn.example/logo.png"))
                .body("prompt_first_party", equalTo(false))
                .extract().path("client_secret");

        admin().contentType(ContentType.JSON).body(Map.of("name", "Renamed 应用", "enabled", false))
                .patch("/admin/apps/" + clientId).then().statusCode(200)
                .body("name", equalTo("Renamed 应用")).body("enabled", equalTo(false))
                .body("description", equalTo("Reads your name")).body("$", not(hasKey("client_secret")));
        // A disabled app gets no token.
        TestHttps.given(url).auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(401);
        admin().contentType(ContentType.JSON).body(Map.of("enabled", true)).patch("/admin/apps/" + clientId)
                .then().statusCode(200).body("prompt_first_party", equalTo(false));
        // Only an operator marks an app first-party for seed 000's prompt (issue #13 item 4); other fields stay.
        admin().contentType(ContentType.JSON).body(Map.of("prompt_first_party", true)).patch("/admin/apps/" + clientId)
                .then().statusCode(200).body("prompt_first_party", equalTo(true)).body("enabled", equalTo(true));
        admin().get("/admin/apps/" + clientId).then().statusCode(200).body("prompt_first_party", equalTo(true));

        String rotated = admin().post("/admin/apps/" + clientId + "/secret").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("client_secret", matchesPattern("[A-Za-z0-9_-]{43}")).extract().path("client_secret");
        TestHttps.given(url).auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(401);
        TestHttps.given(url).auth().preemptive().basic(clientId, rotated).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200);
    }

    @Test
    void refusesBadChangesAndChangesNothing() {
        String clientId = uniqueId();
        admin().contentType(ContentType.JSON).body(Map.of("name", "Stable", "client_id", clientId))
                .post("/admin/apps").then().statusCode(201);
        for (Object body : List.of(Map.of("client_id", "other-id"), Map.of("client_type", "public"),
                Map.of("logo_url", "http://insecure.example/logo.png"), Map.of("logo_url", "javascript:alert(1)"),
                Map.of("name", ""), Map.of("scopes", List.of("admin")), Map.of("redirect_uris", List.of("https://x.example/#frag")),
                Map.of("enabled", "yes"), Map.of("prompt_first_party", "yes"), Map.of("description", "x".repeat(501)))) {
            admin().contentType(ContentType.JSON).body(body).patch("/admin/apps/" + clientId).then().statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
        admin().get("/admin/apps/" + clientId).then().statusCode(200).body("name", equalTo("Stable"))
                .body("enabled", equalTo(true)).body("logo_url", equalTo(null)).body("prompt_first_party", equalTo(false));
        admin().contentType(ContentType.JSON).body(Map.of("name", "x")).patch("/admin/apps/no-such-app").then().statusCode(404);
        admin().post("/admin/apps/no%00such/secret").then().statusCode(404);
    }
}
