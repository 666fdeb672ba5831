package dev.userinfo.auth.operator;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.key.AccessTokenReader;
import dev.userinfo.auth.operatoridentity.OperatorTokens;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator console's own rules, which hold before any admin API is called (issue #18): only operators and
 * auditors get past any /operator path (everyone else the 403 page, not signed in the login page), every form needs
 * its CSRF token, and the console token carries exactly what the user's platform role allows.
 */
@QuarkusTest
class OperatorConsoleTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    OperatorTokens tokens;

    @Inject
    AccessTokenReader reader;

    @Inject
    AuthConfig config;

    @BeforeEach
    void noLoginThrottle() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private static TestUser withRole(String prefix, String role) {
        TestUser user = Fixtures.user(prefix);
        Fixtures.execute("UPDATE app_user SET platform_role = :p1 WHERE id = :p2", role, user.id());
        return user;
    }

    /** Every operation under /operator the OpenAPI document lists, path parameters filled in: GETs and POSTs. */
    private List<String[]> consoleOperations(long userId) throws Exception {
        JsonNode paths = JSON.readTree(TestHttps.given(url).get("/q/openapi?format=json").asString()).get("paths");
        List<String[]> operations = new ArrayList<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String path = names.next();
            if (!path.startsWith("/operator")) {
                continue;
            }
            String concrete = path.replace("{id}", Long.toString(userId)).replace("{clientId}", "demo-app");
            for (Iterator<String> methods = paths.get(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (List.of("get", "post").contains(method)) {
                    operations.add(new String[] {method.toUpperCase(), concrete});
                }
            }
        }
        // home, users (2 + 8), apps (1 + 3), orgs (1 + 2), quota (2 + 1), prompts, deliveries, keys (1 + 1), audit
        assertTrue(operations.size() >= 26, "the OpenAPI document lists too few console operations: " + operations.size());
        return operations;
    }

    /** Plausible values for every field any console form takes: a form refused must be refused for its rule alone. */
    private static Map<String, Object> fields(String csrf) {
        Map<String, Object> form = new LinkedHashMap<>();
        if (csrf != null) {
            form.put("csrf", csrf);
        }
        form.put("login", Fixtures.unique("made-by-console"));
        form.put("password", "a-new-password-123");
        form.put("display_name", "Made");
        form.put("confirm", "yes");
        form.put("org_id", "1");
        form.put("role_id", "1");
        form.put("org_code", "c");
        form.put("org_name", "n");
        form.put("role_code", "c");
        form.put("role_name", "n");
        form.put("scope", "quota_write");
        form.put("delta", "5");
        form.put("reason", "test");
        form.put("client_id", "demo-app");
        return form;
    }

    private static String csrfOf(PageBrowser browser, String page) {
        Response answer = browser.get(page);
        return hidden(answer.asString(), "csrf");
    }

    @Test
    void notSignedInEveryConsolePageSendsToTheLoginPageWhichComesBack() throws Exception {
        PageBrowser browser = new PageBrowser(url);
        for (String[] operation : consoleOperations(1)) {
            if (operation[0].equals("GET")) {
                Response page = browser.get(operation[1]);
                assertEquals(303, page.statusCode(), operation[1]);
                assertEquals("/login?return_to=" + PageBrowser.urlEncode(operation[1]), page.header("Location"), operation[1]);
            } else {
                Response form = browser.post(operation[1], fields("x"));
                assertEquals(401, form.statusCode(), operation[1]);
            }
        }
        TestUser operator = withRole("olivia", "operator");
        Response signedIn = browser.login(operator.login(), operator.password(), "/operator/users");
        assertEquals(303, signedIn.statusCode());
        assertEquals("/operator/users", signedIn.header("Location"));
    }

    @Test
    void aUserWithoutTheOperatorOrAuditorRoleGets403OnEveryConsolePathAndNothingChanges() throws Exception {
        TestUser target = Fixtures.user("target");
        PageBrowser browser = PageBrowser.signedIn(url, Fixtures.user("plain"));
        long users = Fixtures.count("SELECT count(*) FROM app_user");
        long keys = Fixtures.count("SELECT count(*) FROM signing_key");
        String csrf = csrfOf(browser, "/account/tokens");
        for (String[] operation : consoleOperations(target.id())) {
            Response answer = operation[0].equals("GET") ? browser.get(operation[1]) : browser.post(operation[1], fields(csrf));
            assertEquals(403, answer.statusCode(), operation[0] + " " + operation[1]);
            assertTrue(answer.asString().contains("The operator console is for operators and auditors."), operation[1]);
            assertEquals("DENY", answer.header("X-Frame-Options"), operation[1]);
        }
        assertEquals(users, Fixtures.count("SELECT count(*) FROM app_user"));
        assertEquals(keys, Fixtures.count("SELECT count(*) FROM signing_key"));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM app_user WHERE id = :p1 AND status = 'active'", target.id()));
    }

    @Test
    void everyConsoleFormWithoutOrWithAWrongCsrfTokenIs403AndChangesNothing() throws Exception {
        TestUser target = Fixtures.user("target");
        PageBrowser browser = PageBrowser.signedIn(url, withRole("olivia", "operator"));
        long users = Fixtures.count("SELECT count(*) FROM app_user");
        long keys = Fixtures.count("SELECT count(*) FROM signing_key");
        String csrf = csrfOf(browser, "/operator");
        int forms = 0;
        for (String[] operation : consoleOperations(target.id())) {
            if (!operation[0].equals("POST")) {
                continue;
            }
            forms++;
            for (String wrong : new String[] {null, csrf.substring(1) + "x"}) {
                Response answer = browser.post(operation[1], fields(wrong));
                assertEquals(403, answer.statusCode(), operation[1]);
                assertTrue(answer.asString().contains("This form has expired or did not come from this site."), operation[1]);
            }
        }
        assertEquals(15, forms);
        assertEquals(users, Fixtures.count("SELECT count(*) FROM app_user"));
        assertEquals(keys, Fixtures.count("SELECT count(*) FROM signing_key"));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM app_user WHERE id = :p1 AND status = 'active'", target.id()));
    }

    @Test
    void operatorsAndAuditorsSeeTheConsoleInTheirLanguage() {
        PageBrowser operator = PageBrowser.signedIn(url, withRole("olivia", "operator"));
        Response home = operator.get("/operator");
        assertEquals(200, home.statusCode(), home.asString());
        assertTrue(home.asString().contains("data-role=\"operator\""));
        assertFalse(home.asString().contains("id=\"read-only\""));
        for (String link : List.of("/operator/users", "/operator/apps", "/operator/orgs", "/operator/quota",
                "/operator/prompts", "/operator/deliveries", "/operator/keys", "/operator/audit")) {
            assertTrue(home.asString().contains("href=\"" + link + "\""), link);
        }
        assertEquals("no-store", home.header("Cache-Control"));
        assertTrue(home.header("Content-Security-Policy").contains("frame-ancestors 'none'"));

        PageBrowser auditor = PageBrowser.signedIn(url, withRole("audrey", "auditor")).language("zh-CN,zh;q=0.9");
        Response chinese = auditor.get("/operator");
        assertEquals(200, chinese.statusCode());
        assertEquals("zh", chinese.header("Content-Language"));
        assertTrue(chinese.asString().contains("运营控制台"));
        assertTrue(chinese.asString().contains("id=\"read-only\""));
        assertTrue(chinese.asString().contains("data-role=\"auditor\""));
    }

    @Test
    void aServiceThatDoesNotAnswerIsNamedOnThePageNeverAStackTrace() {
        // The test profile configures no userinfo-service or account-quota-service (no delivery subscribers).
        PageBrowser browser = PageBrowser.signedIn(url, withRole("olivia", "operator"));
        for (String page : List.of("/operator/orgs", "/operator/quota")) {
            Response answer = browser.get(page);
            assertEquals(502, answer.statusCode(), page);
            String html = answer.asString();
            assertTrue(html.contains("class=\"problem\""), html);
            assertTrue(html.contains("not configured (auth.console."), html);
            assertFalse(html.contains("Exception") || html.contains("\tat "), html);
        }
        Response bad = browser.post("/operator/quota/1/adjust", Map.of("csrf", csrfOf(browser, "/operator"), "delta", "0", "reason", "x"));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.asString().contains("Enter a whole number other than 0 and a reason."));
    }

    @Test
    void aUsersSessionsAndConsentsAreShownAnOperatorEndsAndWithdrawsThemAnAuditorIsRefused() {
        TestUser target = Fixtures.user("target");
        PageBrowser targetBrowser = PageBrowser.signedIn(url, target);
        Fixtures.execute("INSERT INTO consent (user_id, appid, scopes, granted_at, updated_at) SELECT :p1, appid,"
                + " ARRAY['profile'], now(), now() FROM app WHERE client_id = 'demo-app'", target.id());
        String userPage = "/operator/users/" + target.id();

        PageBrowser auditor = PageBrowser.signedIn(url, withRole("audrey", "auditor")).language("zh-CN,zh;q=0.9");
        Response seen = auditor.get(userPage);
        assertEquals(200, seen.statusCode(), seen.asString());
        assertTrue(seen.asString().contains("id=\"sessions-table\"") && seen.asString().contains("浏览器会话"), seen.asString());
        assertTrue(seen.asString().contains("data-client-id=\"demo-app\""), seen.asString());
        String auditorCsrf = hidden(seen.asString(), "csrf");
        for (String[] write : new String[][] {{"/sessions/end", ""}, {"/consents/withdraw", "demo-app"}}) {
            Response refused = auditor.post(userPage + write[0], Map.of("csrf", auditorCsrf, "client_id", write[1]));
            assertEquals(403, refused.statusCode(), write[0]);
            assertTrue(refused.asString().contains("insufficient_scope"), refused.asString());
        }
        assertEquals(1, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", target.id()));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", target.id()));

        PageBrowser operator = PageBrowser.signedIn(url, withRole("olivia", "operator"));
        String csrf = csrfOf(operator, userPage);
        Response ended = operator.post(userPage + "/sessions/end", Map.of("csrf", csrf));
        assertEquals(303, ended.statusCode(), ended.asString());
        assertEquals(userPage + "?done=sessions", ended.header("Location"));
        assertEquals(303, targetBrowser.get("/account/apps").statusCode(), "the user's cookie no longer signs in");
        Response withdrawn = operator.post(userPage + "/consents/withdraw", Map.of("csrf", csrf, "client_id", "demo-app"));
        assertEquals(303, withdrawn.statusCode(), withdrawn.asString());
        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", target.id()));
        Response after = operator.get(userPage + "?done=withdrawn");
        assertTrue(after.asString().contains("id=\"no-sessions\"") && after.asString().contains("id=\"no-consents\""), after.asString());
    }

    @Test
    void theConsoleCallsAuthServicesOwnAdminApiOverHttpsWithTheConsoleToken() {
        // The call goes out over HTTPS to this service itself, whose admin guard takes the console token: the keys.
        PageBrowser browser = PageBrowser.signedIn(url, withRole("olivia", "operator"));
        Response keys = browser.get("/operator/keys");
        String html = keys.asString();
        assertFalse(html.contains("auth-service: unreachable") || html.contains("auth-service: not configured"), html);
        assertEquals(200, keys.statusCode(), html);
        assertTrue(html.contains("id=\"keys-table\""), html);
    }

    @Test
    void theConsoleTokenCarriesTheRolesAdminScopesForEveryResourceServerAndThisIssuer() throws Exception {
        TestUser operator = withRole("olivia", "operator");
        TestUser auditor = withRole("audrey", "auditor");
        TestUser plain = Fixtures.user("plain");
        assertTrue(Fixtures.await(() -> tokens.mint(plain.id())).isEmpty(), "a user without a platform role gets no console token");

        for (Object[] expected : new Object[][] {{operator, "admin:read admin:write"}, {auditor, "admin:read"}}) {
            TestUser user = (TestUser) expected[0];
            String token = Fixtures.await(() -> tokens.mint(user.id())).orElseThrow().value();
            JwtClaims claims = reader.read(token).orElseThrow(() -> new AssertionError("not a genuine access token of ours"));
            assertEquals(Long.toString(user.id()), claims.getSubject());
            assertEquals("platform-console", claims.getStringClaimValue("client_id"));
            assertEquals(expected[1], claims.getStringClaimValue("scope"));
            List<String> audience = claims.getAudience();
            assertTrue(audience.contains(config.issuer()), "aud must name auth-service itself (RFC 9068 §4): " + audience);
            assertTrue(audience.containsAll(config.tokens().resources()), "aud must name every resource server: " + audience);
            long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
            assertTrue(lifetime > 0 && lifetime <= 300, "a console token lives at most 5 minutes, not " + lifetime + " s");
            assertFalse(claims.hasClaim("gty"), "a user's token, not a client_credentials one");
            assertEquals("at+jwt", JsonWebStructure.fromCompactSerialization(token).getHeader("typ"));
        }
    }
}
