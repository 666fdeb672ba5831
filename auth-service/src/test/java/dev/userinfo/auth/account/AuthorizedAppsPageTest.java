package dev.userinfo.auth.account;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static dev.userinfo.auth.testing.PageBrowser.one;
import static dev.userinfo.auth.testing.PageBrowser.query;
import static dev.userinfo.auth.testing.PageBrowser.queryOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.testing.Consenting;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /account/apps: the apps a user consented to, and withdrawing consent (which revokes that app's grants). */
@QuarkusTest
class AuthorizedAppsPageTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SCOPES = List.of("openid", "offline_access", "profile", "email");

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    /** A confidential app of its own for each test, with its secret. */
    record TestApp(String clientId, String secret, long appid, String name) {
    }

    /** The tokens of one real authorization: sign in, consent on the page, redeem the code. */
    record Authorized(String code, String access, String refresh) {
    }

    @BeforeEach
    void forgetFailuresFromThisAddress() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private TestApp app() {
        AppRegistry.Registered registered = grants.app(Fixtures.unique("apps-page"), "confidential", SCOPES);
        assertNotNull(registered.clientSecret());
        return new TestApp(registered.app().clientId, registered.clientSecret(), registered.app().appid, registered.app().name);
    }

    private PageBrowser signedIn(TestUser user) {
        return PageBrowser.signedIn(url, user);
    }

    private static String authorizeUrl(TestApp app, String scope) {
        return "/oauth2/authorize?" + queryOf("response_type", "code", "client_id", app.clientId(), "redirect_uri", Grants.REDIRECT,
                "scope", scope, "state", "st");
    }

    private Authorized authorize(PageBrowser browser, TestApp app) {
        Response consent = browser.get(authorizeUrl(app, "openid offline_access profile"));
        consent.then().statusCode(200).body(containsString(app.name()));
        Response answer = Consenting.answer(browser, consent, "allow");
        assertEquals(303, answer.statusCode(), answer.asString());
        String code = one(query(answer.header("Location")), "code");
        Response tokens = TestHttps.given(url).contentType(ContentType.URLENC)
                .header("Authorization", Grants.basic(app.clientId(), app.secret()))
                .formParams(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", Grants.REDIRECT))
                .post("/oauth2/token");
        assertEquals(200, tokens.statusCode(), tokens.asString());
        return new Authorized(code, tokens.path("access_token"), tokens.path("refresh_token"));
    }

    private Response refresh(TestApp app, String refreshToken) {
        return TestHttps.given(url).contentType(ContentType.URLENC)
                .header("Authorization", Grants.basic(app.clientId(), app.secret()))
                .formParams(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken))
                .post("/oauth2/token");
    }

    private Response introspect(TestApp app, String token) {
        return TestHttps.given(url).contentType(ContentType.URLENC)
                .header("Authorization", Grants.basic(app.clientId(), app.secret()))
                .formParams(Map.of("token", token)).post("/oauth2/introspect");
    }

    private static String csrf(PageBrowser browser) {
        Response page = browser.get("/account/apps");
        assertEquals(200, page.statusCode(), page.asString());
        return hidden(page.asString(), "csrf");
    }

    /** The user's consents, live grants and the whole revocation feed: "nothing changed" is this being equal. */
    private static String state(long userId) {
        return Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", userId) + "/"
                + Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 AND revoked_at IS NULL", userId) + "/"
                + Fixtures.count("SELECT count(*) FROM revocation") + "/"
                + Fixtures.count("SELECT coalesce(max(seq), 0) FROM revocation");
    }

    private static void assertErrorPage(Response response, int status, String detail) {
        assertEquals(status, response.statusCode(), response.asString());
        response.then().contentType(containsString("text/html")).header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY");
        assertNull(response.header("Location"));
        if (detail != null) {
            response.then().body(containsString(detail));
        }
    }

    @Test
    void notSignedInTheGetGoesToLoginAndWithdrawIsRefused() {
        PageBrowser anonymous = new PageBrowser(url);
        Response page = anonymous.get("/account/apps");
        assertEquals(303, page.statusCode());
        assertEquals("/login?return_to=%2Faccount%2Fapps", page.header("Location"));
        long before = Fixtures.count("SELECT count(*) FROM revocation");
        assertErrorPage(anonymous.post("/account/apps/withdraw", Map.of("csrf", "x", "client_id", "demo-app")), 401, null);
        assertEquals(before, Fixtures.count("SELECT count(*) FROM revocation"));
    }

    @Test
    void theConsentedAppIsListedWithItsPermissionsAndOnlyForThatUser() {
        TestUser user = Fixtures.user("apps-ann");
        PageBrowser browser = signedIn(user);
        browser.get("/account/apps").then().statusCode(200).body(containsString("id=\"no-apps\""));
        TestApp app = app();
        authorize(browser, app);

        Response page = browser.get("/account/apps");
        page.then().statusCode(200).header("Cache-Control", "no-store")
                .body(containsString("<tr data-client-id=\"" + app.clientId() + "\">"))
                .body(containsString("<td>" + app.name() + "</td>"))
                .body(containsString("Sign you in with OpenID Connect"))
                .body(containsString("Keep access while you are offline"))
                .body(containsString("Read your nickname, avatar and gender"))
                .body(containsString("<input type=\"hidden\" name=\"client_id\" value=\"" + app.clientId() + "\">"));
        assertFalse(page.asString().contains("id=\"no-apps\""));
        assertFalse(page.asString().contains("Read your email address"), "only what was granted");
        browser.language("zh-CN").get("/account/apps").then().statusCode(200).body(containsString("在你离线时继续访问"));

        PageBrowser other = signedIn(Fixtures.user("apps-ann-other"));
        Response otherPage = other.get("/account/apps");
        otherPage.then().statusCode(200).body(containsString("id=\"no-apps\""));
        assertFalse(otherPage.asString().contains(app.clientId()));
    }

    @Test
    void withdrawingRemovesTheConsentRevokesTheGrantAndAsksAgain() throws Exception {
        TestUser user = Fixtures.user("apps-bob");
        PageBrowser browser = signedIn(user);
        TestApp app = app();
        TestApp kept = app();
        Authorized tokens = authorize(browser, app);
        Authorized keptTokens = authorize(browser, kept);
        assertEquals(true, introspect(app, tokens.access()).path("active"));
        // Remembered: a second authorization skips the page.
        Response remembered = browser.get(authorizeUrl(app, "profile"));
        assertEquals(303, remembered.statusCode(), remembered.asString());
        assertNotNull(one(query(remembered.header("Location")), "code"));
        assertEquals(2, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 AND appid = :p2 "
                + "AND revoked_at IS NULL", user.id(), app.appid()));
        long revocationsBefore = Fixtures.count("SELECT count(*) FROM revocation");

        Response withdrawn = browser.post("/account/apps/withdraw", Map.of("csrf", csrf(browser), "client_id", app.clientId()));
        assertEquals(303, withdrawn.statusCode(), withdrawn.asString());
        assertEquals("/account/apps?withdrawn", withdrawn.header("Location"));

        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2", user.id(), app.appid()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 AND appid = :p2 "
                + "AND revoked_at IS NULL", user.id(), app.appid()));
        assertEquals(2, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 AND appid = :p2 "
                + "AND revoked_at IS NOT NULL AND revoked_reason = 'consent withdrawn'", user.id(), app.appid()));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM revocation WHERE kind = 'user_app' AND subject = :p1 "
                + "AND client_id = :p2 AND token_id IS NULL AND grant_id IS NULL AND issued_before <= now() "
                + "AND expires_at > now()", Long.toString(user.id()), app.clientId()));
        assertEquals(revocationsBefore + 1, Fixtures.count("SELECT count(*) FROM revocation"));

        // The refresh token of that grant is refused, the access token is inactive.
        Response refused = refresh(app, tokens.refresh());
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("invalid_grant", refused.path("error"));
        assertEquals(JSON.readTree("{\"active\":false}"), JSON.readTree(introspect(app, tokens.access()).asString()));

        // The other app is untouched.
        assertEquals(1, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2", user.id(), kept.appid()));
        assertEquals(true, introspect(kept, keptTokens.access()).path("active"));
        assertEquals(200, refresh(kept, keptTokens.refresh()).statusCode());

        // The page says so and lists only the other app.
        Response page = browser.get("/account/apps?withdrawn");
        page.then().statusCode(200).body(containsString("id=\"notice\""))
                .body(containsString("data-client-id=\"" + kept.clientId() + "\""));
        assertFalse(page.asString().contains("data-client-id=\"" + app.clientId() + "\""));
        assertFalse(browser.get("/account/apps").asString().contains("id=\"notice\""));

        // The next authorization asks again.
        browser.get(authorizeUrl(app, "profile")).then().statusCode(200).body(containsString(app.name()));

        // Withdrawing again: nothing to withdraw.
        String before = state(user.id());
        assertErrorPage(browser.post("/account/apps/withdraw", Map.of("csrf", csrf(browser), "client_id", app.clientId())), 404,
                "no such authorized app");
        assertEquals(before, state(user.id()));
    }

    @Test
    void withdrawRefusesAMissingWrongOrForeignCsrfTokenAndChangesNothing() throws Exception {
        TestUser user = Fixtures.user("apps-cat");
        PageBrowser browser = signedIn(user);
        TestApp app = app();
        Authorized tokens = authorize(browser, app);
        String csrf = csrf(browser);
        String foreign = csrf(signedIn(Fixtures.user("apps-cat-other")));
        String before = state(user.id());
        for (String wrong : List.of("", "forged", foreign, csrf + "x", csrf.substring(1), "' OR '1'='1", "令牌")) {
            assertErrorPage(browser.post("/account/apps/withdraw", Map.of("csrf", wrong, "client_id", app.clientId())), 403, null);
        }
        assertErrorPage(browser.post("/account/apps/withdraw", Map.of("client_id", app.clientId())), 403, null);
        assertErrorPage(browser.post("/account/apps/withdraw", Map.of("csrf", List.of(csrf, csrf), "client_id", app.clientId())),
                400, "parameter csrf is repeated");
        // The right token without the session cookie.
        assertErrorPage(new PageBrowser(url).post("/account/apps/withdraw", Map.of("csrf", csrf, "client_id", app.clientId())),
                401, null);
        assertEquals(before, state(user.id()));
        assertEquals(200, refresh(app, tokens.refresh()).statusCode(), "the grant still works");
    }

    @Test
    void anAppNeverConsentedToOrBadClientIdsAreNotFoundAndChangeNothing() {
        TestUser user = Fixtures.user("apps-dan");
        PageBrowser browser = signedIn(user);
        TestApp app = app();
        authorize(browser, app);
        TestApp never = app();
        // Someone else consented to `never`: this user still cannot withdraw it, and theirs stays.
        TestUser other = Fixtures.user("apps-dan-other");
        authorize(signedIn(other), never);
        String otherBefore = state(other.id());
        String csrf = csrf(browser);
        String before = state(user.id());

        List<String> bad = List.of(never.clientId(), "demo-app", "no-such-app", "", "ab", "x".repeat(65), "x".repeat(20_000),
                Long.toString(app.appid()), "-1", "99999999999999999999999", "1.5", "应用", "ünïcödé", app.clientId().toUpperCase(),
                " " + app.clientId(), app.clientId() + " ", "' OR '1'='1", app.clientId() + "' OR '1'='1", "%", "<script>",
                "../../etc/passwd", "a;DROP TABLE consent");
        for (String clientId : bad) {
            Response response = browser.post("/account/apps/withdraw", Map.of("csrf", csrf, "client_id", clientId));
            assertErrorPage(response, clientId.length() > 16_000 ? 400 : 404,
                    clientId.length() > 16_000 ? "the form is larger than" : "no such authorized app");
            assertFalse(response.asString().contains("<script>"), "never echoed");
            assertEquals(before, state(user.id()), clientId);
        }
        assertErrorPage(browser.post("/account/apps/withdraw", Map.of("csrf", csrf)), 404, "no such authorized app");
        assertErrorPage(browser.post("/account/apps/withdraw", Map.of("csrf", csrf, "client_id", List.of(app.clientId(), app.clientId()))),
                400, "parameter client_id is repeated");
        assertErrorPage(browser.post("/account/apps/withdraw", Map.of("csrf", csrf, "client_id", app.clientId() + "\u0000")),
                400, "parameter client_id contains a NUL character");
        assertErrorPage(browser.postRaw("/account/apps/withdraw", "application/x-www-form-urlencoded",
                "csrf=" + PageBrowser.urlEncode(csrf) + "&client_id=%E0%A4"), 400, null);
        assertErrorPage(browser.postRaw("/account/apps/withdraw", "application/json",
                "{\"csrf\":\"" + csrf + "\",\"client_id\":\"" + app.clientId() + "\"}"), 400,
                "the form must be sent as application/x-www-form-urlencoded");
        assertEquals(before, state(user.id()));
        assertEquals(otherBefore, state(other.id()));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2", user.id(), app.appid()));
    }

    @Test
    void anAppDisabledSinceStaysListedAndCanStillBeWithdrawn() {
        TestUser user = Fixtures.user("apps-fay");
        PageBrowser browser = signedIn(user);
        TestApp app = app();
        authorize(browser, app);
        Fixtures.execute("UPDATE app SET enabled = false WHERE appid = :p1", app.appid());
        browser.get("/account/apps").then().statusCode(200).body(containsString("data-client-id=\"" + app.clientId() + "\""));
        long revocationsBefore = Fixtures.count("SELECT count(*) FROM revocation");
        Response withdrawn = browser.post("/account/apps/withdraw", Map.of("csrf", csrf(browser), "client_id", app.clientId()));
        assertEquals(303, withdrawn.statusCode(), withdrawn.asString());
        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", user.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 AND revoked_at IS NULL", user.id()));
        assertEquals(revocationsBefore + 1, Fixtures.count("SELECT count(*) FROM revocation"));
        browser.get("/account/apps").then().statusCode(200).body(containsString("id=\"no-apps\""));
    }

    @Test
    void neitherTokensNorCodesNorCsrfReachTheLog() throws Exception {
        TestUser user = Fixtures.user("apps-eve");
        PageBrowser browser = signedIn(user);
        TestApp app = app();
        Authorized tokens = authorize(browser, app);
        String csrf = csrf(browser);
        browser.post("/account/apps/withdraw", Map.of("csrf", csrf, "client_id", app.clientId())).then().statusCode(303);
        refresh(app, tokens.refresh()).then().statusCode(400);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertTrue(log.contains("/account/apps/withdraw"), "the access log saw the requests");
        for (String secret : List.of(tokens.code(), tokens.access(), tokens.refresh(), app.secret(), csrf, browser.sessionCookie(),
                user.password())) {
            assertFalse(log.contains(secret), "a secret reached the log");
        }
    }
}
