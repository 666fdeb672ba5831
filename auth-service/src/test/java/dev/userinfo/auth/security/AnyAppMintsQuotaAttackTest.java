package dev.userinfo.auth.security;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static dev.userinfo.auth.testing.PageBrowser.one;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, 1, auth-service's side: an app got quota_write for any account because client_credentials handed it every
 * scope it was registered for. The scope that now moves any account, {@code service:quota_write}, is outside the
 * consent catalogue: no registration, authorization request or personal token can name it, and client_credentials
 * gives it only to clients on {@code auth.service-scopes.quota-writers} (test profile: billing-service).
 */
@QuarkusTest
class AnyAppMintsQuotaAttackTest {

    static final String SERVICE_SCOPE = "service:quota_write";
    static final String CB = "https://client.example/cb";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @BeforeEach
    void forgetFailuresFromThisAddress() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON);
    }

    private Response clientCredentials(String clientId, String secret, String scope) {
        RequestSpecification spec = TestHttps.given(url).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .formParam("grant_type", "client_credentials");
        if (scope != null) {
            spec.formParam("scope", scope);
        }
        return spec.post("/oauth2/token");
    }

    private static long appsWithTheServiceScope() {
        return Fixtures.count("SELECT count(*) FROM app WHERE 'service:quota_write' = ANY(allowed_scopes)");
    }

    private static List<String> scopes(Response token) {
        return List.of(token.<String>path("scope").split(" "));
    }

    @Test
    void anAppRegistrationCannotNameTheServiceScope() {
        long apps = Fixtures.count("SELECT count(*) FROM app");
        String clientId = Fixtures.unique("minter");
        admin().body(Map.of("name", "Minter", "client_id", clientId, "scopes", List.of("quota_write", SERVICE_SCOPE)))
                .post("/admin/apps").then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("detail", containsString("service scope"));
        admin().body(Map.of("scopes", List.of("quota_write", SERVICE_SCOPE))).patch("/admin/apps/demo-app")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        // Nor may an app pose as a personal access token, which resource services tell by this client_id.
        admin().body(Map.of("name", "Poser", "client_id", "personal-access-token", "scopes", List.of("quota_write")))
                .post("/admin/apps").then().statusCode(400).body("error", equalTo("invalid_request"));
        assertEquals(apps, Fixtures.count("SELECT count(*) FROM app"));
        assertEquals(0, appsWithTheServiceScope());
    }

    @Test
    void aClientOffTheListNeverGetsTheServiceScope() {
        for (String asked : List.of(SERVICE_SCOPE, "quota_write " + SERVICE_SCOPE)) {
            clientCredentials("demo-app", "demo-secret", asked).then().statusCode(400)
                    .body("error", equalTo("invalid_scope")).body("access_token", equalTo(null));
        }
        Response defaults = clientCredentials("demo-app", "demo-secret", null);
        defaults.then().statusCode(200);
        assertFalse(scopes(defaults).contains(SERVICE_SCOPE), defaults.asString());
        assertEquals(0, appsWithTheServiceScope());
    }

    @Test
    void aListedServiceGetsTheServiceScopeOnlyWhenItAsksForItByName() {
        String secret = admin().body(Map.of("name", "Billing", "client_id", "billing-service", "scopes", List.of()))
                .post("/admin/apps").then().statusCode(201).extract().path("client_secret");
        Response token = clientCredentials("billing-service", secret, SERVICE_SCOPE);
        token.then().statusCode(200).body("scope", equalTo(SERVICE_SCOPE));
        Response defaults = clientCredentials("billing-service", secret, null);
        defaults.then().statusCode(200);
        assertFalse(defaults.asString().contains(SERVICE_SCOPE), defaults.asString());
        clientCredentials("billing-service", "wrong-secret", SERVICE_SCOPE).then().statusCode(401);
    }

    @Test
    void anAuthorizationRequestForTheServiceScopeIsInvalidScopeAndGrantsNothing() {
        App app = Fixtures.app("confidential", List.of(CB), List.of("openid", "profile", "quota_write"));
        TestUser user = Fixtures.user("svc-scope");
        PageBrowser browser = PageBrowser.signedIn(url, user);
        for (String scope : List.of(SERVICE_SCOPE, "openid " + SERVICE_SCOPE, "quota_write " + SERVICE_SCOPE)) {
            Response answer = browser.get("/oauth2/authorize?" + PageBrowser.queryOf("response_type", "code",
                    "client_id", app.clientId, "redirect_uri", CB, "scope", scope, "state", "s"));
            assertEquals(303, answer.statusCode(), answer.asString());
            String location = answer.header("Location");
            assertTrue(location.startsWith(CB + "?"), location);
            assertEquals("invalid_scope", one(PageBrowser.query(location), "error"));
            assertFalse(answer.asString().contains(SERVICE_SCOPE + "</"), "never shown on a consent page");
        }
        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", user.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id()));
    }

    @Test
    void aPersonalAccessTokenCannotBeCreatedWithTheServiceScope() {
        TestUser user = Fixtures.user("svc-pat");
        PageBrowser browser = PageBrowser.signedIn(url, user);
        Response page = browser.get("/account/tokens");
        assertEquals(200, page.statusCode(), page.asString());
        assertFalse(page.asString().contains(SERVICE_SCOPE), "never offered");
        String csrf = hidden(page.asString(), "csrf");
        for (Object scope : List.of(SERVICE_SCOPE, List.of("quota_write", SERVICE_SCOPE))) {
            Response refused = browser.post("/account/tokens", Map.of("csrf", csrf, "name", "mint", "scope", scope, "days", "30"));
            assertEquals(400, refused.statusCode(), refused.asString());
            assertFalse(refused.asString().contains("id=\"new-token\""));
        }
        assertEquals(0, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1", user.id()));
    }
}
