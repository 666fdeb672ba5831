package dev.userinfo.auth.scope;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Operators;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may hold admin:read and admin:write (issue #18): no app, by registration, authorization or client_credentials;
 * platform-console is no app's client_id; a personal access token only for the users whose platform role allows them,
 * and the tokens page offers them only to those users.
 */
@QuarkusTest
class AdminScopeIssuanceTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON);
    }

    @Test
    void noAppMayRegisterAnAdminScopeOrThePlatformConsolesClientId() {
        long apps = Fixtures.count("SELECT count(*) FROM app");
        for (String scope : List.of("admin:read", "admin:write")) {
            admin().body(Map.of("name", "Greedy", "redirect_uris", List.of("https://a.example/cb"), "scopes", List.of("profile", scope)))
                    .post("/admin/apps").then().statusCode(400).body("error", equalTo("invalid_request"))
                    .body("detail", containsString("operator scope"));
            admin().body(Map.of("scopes", List.of(scope))).patch("/admin/apps/demo-app").then().statusCode(400);
        }
        admin().body(Map.of("name", "Console", "client_id", "platform-console", "redirect_uris", List.of("https://a.example/cb")))
                .post("/admin/apps").then().statusCode(400).body("detail", containsString("reserved"));
        assertEquals(apps, Fixtures.count("SELECT count(*) FROM app"));
        assertFalse(admin().get("/admin/apps/demo-app").asString().contains("admin:"), "demo-app unchanged");
    }

    @Test
    void noAuthorizationOrTokenRequestGrantsAnAdminScope() {
        PageBrowser browser = PageBrowser.signedIn(url, Operators.withRole("asks", "operator"));
        for (String scope : List.of("admin:read", "admin:write", "profile admin:read")) {
            Response answer = browser.get("/oauth2/authorize?" + PageBrowser.queryOf("response_type", "code", "client_id", "demo-app",
                    "redirect_uri", Grants.REDIRECT, "scope", scope, "state", "s"));
            assertEquals(303, answer.statusCode(), answer.asString());
            assertEquals("invalid_scope", PageBrowser.one(PageBrowser.query(answer.header("Location")), "error"), scope);
            Response token = TestHttps.given(url).header("Authorization", Grants.basic("demo-app", "demo-secret"))
                    .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("scope", scope)
                    .post("/oauth2/token");
            assertEquals(400, token.statusCode(), token.asString());
            assertEquals("invalid_scope", token.path("error"), scope);
        }
        // Without a scope, client_credentials grants the app's registered ones: never an admin scope.
        String all = TestHttps.given(url).header("Authorization", Grants.basic("demo-app", "demo-secret"))
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").post("/oauth2/token").path("scope");
        assertFalse(all.contains("admin:"), all);
    }

    @Test
    void theTokensPageOffersAdminScopesOnlyToOperatorsAndAuditorsAndRefusesThemToOthers() {
        Map<String, List<String>> offered = new LinkedHashMap<>();
        offered.put("operator", List.of("admin:read", "admin:write"));
        offered.put("auditor", List.of("admin:read"));
        offered.put(null, List.of());
        for (Map.Entry<String, List<String>> role : offered.entrySet()) {
            PageBrowser browser = PageBrowser.signedIn(url, Operators.withRole("page", role.getKey()));
            String page = browser.get("/account/tokens").then().statusCode(200).extract().asString();
            for (String scope : List.of("admin:read", "admin:write")) {
                assertEquals(role.getValue().contains(scope), page.contains("value=\"" + scope + "\""), role.getKey() + " offered " + scope);
            }
        }
        Fixtures.TestUser plain = Fixtures.user("sneaky");
        PageBrowser browser = PageBrowser.signedIn(url, plain);
        String page = browser.get("/account/tokens").asString();
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("csrf", PageBrowser.hidden(page, "csrf"));
        form.put("name", "sneaky");
        form.put("scope", List.of("profile", "admin:read"));
        form.put("days", "1");
        Response refused = browser.post("/account/tokens", form);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains("not available for personal tokens"), refused.asString());
        assertEquals(0, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1", plain.id()));

        Fixtures.TestUser auditor = Operators.withRole("page-auditor", "auditor");
        PageBrowser auditorBrowser = PageBrowser.signedIn(url, auditor);
        form.put("csrf", PageBrowser.hidden(auditorBrowser.get("/account/tokens").asString(), "csrf"));
        form.put("scope", List.of("admin:read"));
        Response made = auditorBrowser.post("/account/tokens", form);
        assertEquals(200, made.statusCode(), made.asString());
        assertEquals(1, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1 AND scopes = ARRAY['admin:read']",
                auditor.id()));
    }
}
