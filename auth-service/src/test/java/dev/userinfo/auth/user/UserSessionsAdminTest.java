package dev.userinfo.auth.user;

import static dev.userinfo.auth.testing.PageBrowser.one;
import static dev.userinfo.auth.testing.PageBrowser.query;
import static dev.userinfo.auth.testing.PageBrowser.queryOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.testing.Consenting;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.Operators;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API's view of a user's sessions and consents, and the keyword search (issue #18): an operator ends the
 * sessions (the cookie stops working) or withdraws a consent (the app's refresh token is refused), each audited; an
 * auditor or a plain user is refused with 403 and nothing changes.
 */
@QuarkusTest
class UserSessionsAdminTest {

    static final String STATIC = "Bearer test-admin-token";
    static final List<String> SCOPES = List.of("openid", "offline_access", "profile");

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    record Authorized(String clientId, String secret, String refresh) {
    }

    @BeforeEach
    void forgetFailuresFromThisAddress() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private RequestSpecification as(String authorization) {
        return TestHttps.given(url).header("Authorization", authorization);
    }

    private static String operator() {
        return Operators.bearer(Operators.consoleToken(Operators.withRole("olivia", "operator").id()));
    }

    private static String auditor() {
        return Operators.bearer(Operators.consoleToken(Operators.withRole("audrey", "auditor").id()));
    }

    /** A real authorization of a fresh app by the signed-in user: consent on the page, the code redeemed. */
    private Authorized authorize(PageBrowser browser) {
        AppRegistry.Registered app = grants.app(Fixtures.unique("sessions-admin"), "confidential", SCOPES);
        Response consent = browser.get("/oauth2/authorize?" + queryOf("response_type", "code", "client_id",
                app.app().clientId, "redirect_uri", Grants.REDIRECT, "scope", "openid offline_access profile", "state", "st"));
        assertEquals(200, consent.statusCode(), consent.asString());
        Response answer = Consenting.answer(browser, consent, "allow");
        assertEquals(303, answer.statusCode(), answer.asString());
        String code = one(query(answer.header("Location")), "code");
        Response tokens = TestHttps.given(url).contentType(ContentType.URLENC)
                .header("Authorization", Grants.basic(app.app().clientId, app.clientSecret()))
                .formParams(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", Grants.REDIRECT))
                .post("/oauth2/token");
        assertEquals(200, tokens.statusCode(), tokens.asString());
        return new Authorized(app.app().clientId, app.clientSecret(), tokens.path("refresh_token"));
    }

    private Response refresh(Authorized app, String token) {
        return TestHttps.given(url).contentType(ContentType.URLENC)
                .header("Authorization", Grants.basic(app.clientId(), app.secret()))
                .formParams(Map.of("grant_type", "refresh_token", "refresh_token", token)).post("/oauth2/token");
    }

    private static long audited(String action, long userId) {
        return Fixtures.count("SELECT count(*) FROM audit_trail WHERE action = :p1 AND target = :p2", action, "user:" + userId);
    }

    private static long sessions(long userId) {
        return Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", userId);
    }

    @Test
    void anOperatorSeesAndEndsTheSessionsAndTheCookieStopsWorking() {
        TestUser user = Fixtures.user("sessions");
        PageBrowser browser = PageBrowser.signedIn(url, user);
        assertEquals(200, browser.get("/account/apps").statusCode());
        String token = operator();

        Response listed = as(token).get("/admin/users/" + user.id() + "/sessions");
        assertEquals(200, listed.statusCode(), listed.asString());
        assertEquals(1, listed.jsonPath().getList("items").size());
        Map<String, Object> shown = listed.jsonPath().getMap("items[0]");
        assertEquals(java.util.Set.of("created_at", "signed_in_at", "expires_at"), shown.keySet());
        assertFalse(listed.asString().contains(browser.sessionCookie()), "never the cookie value");

        Response ended = as(token).delete("/admin/users/" + user.id() + "/sessions");
        assertEquals(204, ended.statusCode(), ended.asString());
        assertEquals(0, sessions(user.id()));
        Response page = browser.get("/account/apps");
        assertEquals(303, page.statusCode(), "the old cookie no longer signs the user in");
        assertEquals(1, audited("user.end-sessions", user.id()));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_trail WHERE action = 'user.end-sessions' AND target = :p1"
                + " AND actor LIKE 'operator:%' AND before->>'sessions' = '1' AND after->>'sessions' = '0'", "user:" + user.id()));
        assertEquals(0, as(token).get("/admin/users/" + user.id() + "/sessions").jsonPath().getList("items").size());
    }

    @Test
    void anOperatorWithdrawsAConsentAndTheAppsRefreshTokenIsRefused() {
        TestUser user = Fixtures.user("consents");
        PageBrowser browser = PageBrowser.signedIn(url, user);
        Authorized app = authorize(browser);
        String token = operator();

        Response listed = as(token).get("/admin/users/" + user.id() + "/consents");
        assertEquals(200, listed.statusCode(), listed.asString());
        assertEquals(app.clientId(), listed.path("items[0].client_id"));
        assertTrue(listed.jsonPath().getList("items[0].scopes").contains("offline_access"));
        assertTrue(listed.path("items[0].granted_at") instanceof String);

        Response withdrawn = as(token).delete("/admin/users/" + user.id() + "/consents/" + app.clientId());
        assertEquals(204, withdrawn.statusCode(), withdrawn.asString());
        Response refreshed = refresh(app, app.refresh());
        assertEquals(400, refreshed.statusCode(), refreshed.asString());
        assertEquals("invalid_grant", refreshed.path("error"));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_trail WHERE action = 'user.withdraw-consent' AND target = :p1"
                + " AND before->>'client_id' = :p2 AND after IS NULL", "user:" + user.id(), app.clientId()));
        assertEquals(0, as(token).get("/admin/users/" + user.id() + "/consents").jsonPath().getList("items").size());
        // Again: nothing left to withdraw.
        assertEquals(404, as(token).delete("/admin/users/" + user.id() + "/consents/" + app.clientId()).statusCode());
    }

    @Test
    void anAuditorReadsButEveryWriteIs403AndNothingChanges() {
        TestUser user = Fixtures.user("audited");
        PageBrowser browser = PageBrowser.signedIn(url, user);
        Authorized app = authorize(browser);
        String token = auditor();
        assertEquals(200, as(token).get("/admin/users/" + user.id() + "/sessions").statusCode());
        assertEquals(200, as(token).get("/admin/users/" + user.id() + "/consents").statusCode());
        long trail = Fixtures.count("SELECT count(*) FROM audit_trail");

        Response ending = as(token).delete("/admin/users/" + user.id() + "/sessions");
        assertEquals(403, ending.statusCode(), ending.asString());
        assertEquals("insufficient_scope", ending.path("error"));
        Response withdrawing = as(token).delete("/admin/users/" + user.id() + "/consents/" + app.clientId());
        assertEquals(403, withdrawing.statusCode(), withdrawing.asString());

        assertEquals(1, sessions(user.id()));
        assertEquals(200, browser.get("/account/apps").statusCode());
        assertEquals(200, refresh(app, app.refresh()).statusCode());
        assertEquals(trail, Fixtures.count("SELECT count(*) FROM audit_trail"));
    }

    @Test
    void aPlainUsersTokenIs403AndNoCredentialIs401() {
        TestUser user = Fixtures.user("plain");
        PageBrowser.signedIn(url, user);
        String plain = Operators.bearer(Operators.personalToken(user.id(), List.of("profile")));
        for (String path : List.of("/sessions", "/consents")) {
            assertEquals(403, as(plain).get("/admin/users/" + user.id() + path).statusCode(), path);
            assertEquals(401, TestHttps.given(url).get("/admin/users/" + user.id() + path).statusCode(), path);
        }
        assertEquals(403, as(plain).delete("/admin/users/" + user.id() + "/sessions").statusCode());
        assertEquals(403, as(plain).delete("/admin/users/" + user.id() + "/consents/demo-app").statusCode());
        assertEquals(1, sessions(user.id()));
    }

    @Test
    void theStaticCredentialWorksAndUnknownUsersAre404() {
        TestUser user = Fixtures.user("static");
        PageBrowser.signedIn(url, user);
        assertEquals(200, as(STATIC).get("/admin/users/" + user.id() + "/sessions").statusCode());
        assertEquals(204, as(STATIC).delete("/admin/users/" + user.id() + "/sessions").statusCode());
        assertEquals(0, sessions(user.id()));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_trail WHERE action = 'user.end-sessions' AND target = :p1"
                + " AND actor = 'admin-token'", "user:" + user.id()));
        for (String missing : List.of("/admin/users/999999999/sessions", "/admin/users/x/consents",
                "/admin/users/999999999/consents/demo-app", "/admin/users/" + user.id() + "/consents/no-such-app")) {
            Response answer = as(STATIC).get(missing.contains("/consents/") ? "/admin/users/999999999/sessions" : missing);
            assertEquals(404, answer.statusCode(), missing);
            assertEquals(404, as(STATIC).delete(missing).statusCode(), missing);
        }
    }

    @Test
    void theKeywordFindsByIdOrPartOfLoginDisplayNameOrEmailAnyCase() {
        TestUser user = Fixtures.user("Keyword");
        Fixtures.execute("UPDATE app_user SET email = :p1 WHERE id = :p2", user.login() + "@Mail.Example", user.id());
        Fixtures.user("other");
        for (String keyword : List.of(Long.toString(user.id()), user.login().toUpperCase(), "name " + user.login(),
                user.login() + "@mail.ex")) {
            Response found = as(STATIC).queryParam("keyword", keyword).get("/admin/users");
            assertEquals(200, found.statusCode(), found.asString());
            assertEquals(List.of((int) user.id()), found.jsonPath().getList("items.id"), keyword);
            assertEquals(1, (int) found.path("total"), keyword);
        }
        Response none = as(STATIC).queryParam("keyword", "%_" + user.login()).get("/admin/users");
        assertEquals(0, (int) none.path("total"), "% and _ are plain characters");
        Response paged = as(STATIC).queryParam("keyword", "Keyword").queryParam("page_size", "1").get("/admin/users");
        assertEquals(1, paged.jsonPath().getList("items").size());
        assertEquals(1, (int) paged.path("page_size"));
        for (String bad : List.of("x".repeat(101), "a\tb", "a\u0000b")) {
            Response refused = as(STATIC).queryParam("keyword", bad).get("/admin/users");
            assertEquals(400, refused.statusCode(), refused.asString());
            assertEquals("invalid_request", refused.path("error"));
        }
        assertNull(as(STATIC).queryParam("keyword", "x".repeat(100)).get("/admin/users").path("error"));
    }
}
