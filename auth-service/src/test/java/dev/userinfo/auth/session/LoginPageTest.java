package dev.userinfo.auth.session;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.user.UserDirectory;
import dev.userinfo.auth.user.UserInput;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginPageTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @BeforeEach
    void forgetFailuresFromThisAddress() {
        // Every test connects from 127.0.0.1: per-IP counts from other tests must not throttle this one.
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    static void assertPageHeaders(Response response) {
        response.then()
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void loginPageSpeaksTheBrowsersLanguageAndRefusesFraming() {
        Response en = new PageBrowser(url).language("en-US,en;q=0.9").get("/login");
        en.then().statusCode(200).contentType(containsString("text/html")).body(containsString("Login name"));
        assertPageHeaders(en);
        String cookie = en.header("Set-Cookie");
        assertTrue(cookie.startsWith("__Host-login="), cookie);
        assertTrue(cookie.contains("; Secure") && cookie.contains("; HttpOnly") && cookie.contains("SameSite=Lax"), cookie);

        new PageBrowser(url).language("zh-CN,zh;q=0.9,en;q=0.8").get("/login").then().statusCode(200)
                .header("Content-Language", "zh").body(containsString("登录名")).body(containsString("lang=\"zh-CN\""));
        new PageBrowser(url).language("fr-FR, zh;q=0.5").get("/login").then().body(containsString("登录名"));
        new PageBrowser(url).language("de, fr").get("/login").then().body(containsString("Login name"));
        new PageBrowser(url).language(";;;garbage\u00ff").get("/login").then().statusCode(200).body(containsString("Login name"));
    }

    @Test
    void signingInStartsAFreshSessionWithASecureCookieStoredOnlyAsAHash() {
        TestUser alice = Fixtures.user("alice");
        PageBrowser browser = new PageBrowser(url);
        Response response = browser.login(alice.login(), alice.password());
        response.then().statusCode(303).header("Location", "/account/apps");
        String setCookie = response.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-session=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("; Path=/") && setCookie.contains("; Secure") && setCookie.contains("; HttpOnly")
                && setCookie.contains("SameSite=Lax"), setCookie);
        assertFalse(setCookie.contains("Domain="), setCookie);
        String session = browser.sessionCookie();
        assertEquals(43, session.length());
        assertEquals(1, Fixtures.count("SELECT count(*) FROM browser_session WHERE id_hash = :p1 AND user_id = :p2 "
                + "AND auth_time <= now() AND expires_at > now()", ClientSecrets.hash(session), alice.id()));
        browser.get("/account/apps").then().statusCode(200).body(containsString(alice.login()));

        // A second login replaces the session id (no fixation) and ends the old one.
        browser.login(alice.login(), alice.password()).then().statusCode(303);
        assertNotEquals(session, browser.sessionCookie());
        assertEquals(0, Fixtures.count("SELECT count(*) FROM browser_session WHERE id_hash = :p1", ClientSecrets.hash(session)));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM app_user WHERE id = :p1 AND last_login_at IS NOT NULL "
                + "AND last_login_ip = '127.0.0.1'", alice.id()));
    }

    @Inject
    UserDirectory users;

    @Test
    void aLoginIsAVersionedUserChangeThatReachesTheOtherServices() {
        TestUser frank = Fixtures.user("frank");
        long version = Fixtures.count("SELECT version FROM app_user WHERE id = :p1", frank.id());
        new PageBrowser(url).login(frank.login(), frank.password()).then().statusCode(303);
        assertEquals(version + 1, Fixtures.count("SELECT version FROM app_user WHERE id = :p1", frank.id()));
        // The lifecycle event carries the login (seed 003's last_login_ip) at the new version.
        assertEquals(1, Fixtures.count("SELECT count(*) FROM user_event WHERE user_id = :p1 AND type = 'user.updated' "
                + "AND payload->>'last_login_ip' = '127.0.0.1' AND (payload->>'version')::bigint = :p2",
                frank.id(), version + 1));
    }

    @Test
    void disablingAUserOrChangingItsPasswordEndsItsSessions() {
        TestUser grace = Fixtures.user("grace");
        PageBrowser disabled = new PageBrowser(url);
        disabled.login(grace.login(), grace.password()).then().statusCode(303);
        disabled.get("/account/apps").then().statusCode(200);
        Fixtures.await(() -> users.setStatus(grace.id(), "disabled"));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", grace.id()));
        disabled.get("/account/apps").then().statusCode(303).header("Location", containsString("/login"));
        Fixtures.await(() -> users.setStatus(grace.id(), "active"));

        PageBrowser first = new PageBrowser(url);
        PageBrowser second = new PageBrowser(url);
        first.login(grace.login(), grace.password()).then().statusCode(303);
        second.login(grace.login(), grace.password()).then().statusCode(303);
        assertEquals(2, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", grace.id()));
        Fixtures.await(() -> users.update(grace.id(), new UserInput(null, "a-brand-new-password", null, null, null, null, null)));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", grace.id()));
        first.get("/account/apps").then().statusCode(303);
        // A profile change that is not a password change keeps the sessions.
        PageBrowser third = new PageBrowser(url);
        third.login(grace.login(), "a-brand-new-password").then().statusCode(303);
        Fixtures.await(() -> users.update(grace.id(), new UserInput(null, null, "Grace H.", null, null, null, null)));
        third.get("/account/apps").then().statusCode(200);
    }

    @Test
    void aLoginWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        TestUser bob = Fixtures.user("bob");
        PageBrowser browser = new PageBrowser(url);
        String page = browser.get("/login").asString();
        String csrf = hidden(page, "csrf");
        long sessions = Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", bob.id());

        Map<String, Object> form = new LinkedHashMap<>(Map.of("login", bob.login(), "password", bob.password()));
        Response none = browser.post("/login", form);
        none.then().statusCode(403).body(containsString("did not come from this site"));
        assertPageHeaders(none);
        form.put("csrf", csrf + "x");
        browser.post("/login", form).then().statusCode(403);
        form.put("csrf", "");
        browser.post("/login", form).then().statusCode(403);
        // The right token but not the cookie it is bound to (a cross-site form post carries no cookie of ours).
        PageBrowser other = new PageBrowser(url);
        form.put("csrf", csrf);
        other.post("/login", form).then().statusCode(403);
        // Another browser's cookie with this token.
        other.get("/login");
        other.post("/login", form).then().statusCode(403);

        assertNull(browser.sessionCookie());
        assertEquals(sessions, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", bob.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM login_throttle WHERE throttle_key LIKE 'account:%' "
                + "AND throttle_key = :p1", dev.userinfo.auth.session.LoginThrottle.accountKey(bob.login())));
        // And the right pair works.
        browser.post("/login", form).then().statusCode(303);
    }

    @Test
    void aWrongPasswordAndAnUnknownLoginLookTheSame() {
        TestUser carol = Fixtures.user("carol");
        Response wrong = new PageBrowser(url).login(carol.login(), "not-her-password");
        Response unknown = new PageBrowser(url).login(carol.login() + "-nobody", "not-her-password");
        wrong.then().statusCode(401).body(containsString("Wrong login name or password."));
        unknown.then().statusCode(401).body(containsString("Wrong login name or password."));
        assertEquals(wrong.asString().replace(carol.login(), "X").replaceAll("name=\"csrf\" value=\"[^\"]*\"", ""),
                unknown.asString().replace(carol.login() + "-nobody", "X").replaceAll("name=\"csrf\" value=\"[^\"]*\"", ""));
        assertFalse(wrong.asString().contains("not-her-password"));
        assertNull(wrong.header("Set-Cookie") == null ? null : wrong.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-session=")).findFirst().orElse(null));
    }

    @Test
    void repeatedFailuresForOneAccountMakeTheNextTryWait() {
        TestUser dave = Fixtures.user("dave");
        for (int i = 0; i < 6; i++) {
            new PageBrowser(url).login(dave.login(), "wrong-" + i).then().statusCode(401);
        }
        // The sixth failure is beyond the five free ones: even the right password is not checked now.
        Response blocked = new PageBrowser(url).login(dave.login(), dave.password());
        blocked.then().statusCode(429).body(containsString("Too many failed sign-ins"));
        int retryAfter = Integer.parseInt(blocked.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
        assertEquals(0, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", dave.id()));
        // The counter is in PostgreSQL (every pod sees it), keyed by a hash of the login, not the login itself.
        assertEquals(1, Fixtures.count("SELECT count(*) FROM login_throttle WHERE throttle_key = :p1 AND failures = 6 "
                + "AND blocked_until > now()", dev.userinfo.auth.session.LoginThrottle.accountKey(dave.login())));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM login_throttle WHERE throttle_key LIKE :p1", "%" + dave.login() + "%"));

        // An account that does not exist is throttled the same way, so throttling reveals nothing.
        String ghost = Fixtures.unique("ghost");
        for (int i = 0; i < 6; i++) {
            new PageBrowser(url).login(ghost, "wrong-" + i).then().statusCode(401);
        }
        new PageBrowser(url).login(ghost, "anything").then().statusCode(429);

        // Once the wait is over (made so here rather than by sleeping), the right password works and resets the count.
        Fixtures.execute("UPDATE login_throttle SET blocked_until = now() - interval '1 second' WHERE throttle_key = :p1",
                dev.userinfo.auth.session.LoginThrottle.accountKey(dave.login()));
        new PageBrowser(url).login(dave.login(), dave.password()).then().statusCode(303);
        assertEquals(0, Fixtures.count("SELECT count(*) FROM login_throttle WHERE throttle_key = :p1",
                dev.userinfo.auth.session.LoginThrottle.accountKey(dave.login())));
    }

    @Test
    void manyFailuresFromOneAddressMakeEveryLoginFromItWait() {
        TestUser erin = Fixtures.user("erin");
        // As if 50 failures (the free per-IP count) had come from 127.0.0.1 in this window.
        Fixtures.execute("INSERT INTO login_throttle (throttle_key, failures, window_started_at) VALUES ('ip:127.0.0.1', 50, now())");
        new PageBrowser(url).login(Fixtures.unique("someone"), "wrong").then().statusCode(401);
        new PageBrowser(url).login(erin.login(), erin.password()).then().statusCode(429);
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key = 'ip:127.0.0.1'");
        new PageBrowser(url).login(erin.login(), erin.password()).then().statusCode(303);
    }

    @Test
    void returnToOnlyLeadsToThisServicesPages() {
        for (String evil : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                "/oauth2/authorize?x=1#frag", "/account/../../evil", "/login", "/oauth2/authorize?a=\u00e9")) {
            String page = new PageBrowser(url).get("/login?return_to=" + PageBrowser.urlEncode(evil)).asString();
            assertEquals("/account/apps", hidden(page, "return_to"), evil);
        }
        String kept = "/oauth2/authorize?client_id=x&state=%E7%8A%B6";
        assertEquals(kept, hidden(new PageBrowser(url).get("/login?return_to=" + PageBrowser.urlEncode(kept)).asString(), "return_to"));
        // Even a forged return_to in the form cannot redirect elsewhere.
        TestUser frank = Fixtures.user("frank");
        PageBrowser browser = new PageBrowser(url);
        String csrf = hidden(browser.get("/login").asString(), "csrf");
        browser.post("/login", Map.of("csrf", csrf, "login", frank.login(), "password", frank.password(),
                "return_to", "https://evil.example/")).then().statusCode(303).header("Location", "/account/apps");
    }

    @Test
    void logoutNeedsTheSessionsCsrfTokenAndEndsTheSession() {
        TestUser gina = Fixtures.user("gina");
        PageBrowser browser = new PageBrowser(url);
        browser.login(gina.login(), gina.password()).then().statusCode(303);
        String session = browser.sessionCookie();
        String csrf = hidden(browser.get("/account/apps").asString(), "csrf");

        browser.post("/logout", Map.of("csrf", "forged")).then().statusCode(403);
        browser.post("/logout", Map.of()).then().statusCode(403);
        browser.get("/account/apps").then().statusCode(200);

        Response out = browser.post("/logout", Map.of("csrf", csrf));
        out.then().statusCode(303).header("Location", "/login");
        assertTrue(out.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("__Host-session=;") && c.contains("Max-Age=0")));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM browser_session WHERE id_hash = :p1", ClientSecrets.hash(session)));
        browser.get("/account/apps").then().statusCode(303).header("Location", containsString("/login?return_to="));
        // The old cookie value is worthless now even if replayed.
        PageBrowser replay = new PageBrowser(url);
        replay.cookies().put("__Host-session", session);
        replay.get("/account/apps").then().statusCode(303);
    }

    @Test
    void aDisabledUsersSessionEndsAndTheyCannotSignIn() {
        TestUser hank = Fixtures.user("hank");
        PageBrowser browser = new PageBrowser(url);
        browser.login(hank.login(), hank.password()).then().statusCode(303);
        Fixtures.execute("UPDATE app_user SET status = 'disabled' WHERE id = :p1", hank.id());
        browser.get("/account/apps").then().statusCode(303);
        new PageBrowser(url).login(hank.login(), hank.password()).then().statusCode(401);
    }

    @Test
    void badInputGetsAClearErrorAndNeverAServerError() {
        PageBrowser browser = new PageBrowser(url);
        String csrf = hidden(browser.get("/login").asString(), "csrf");
        String good = "csrf=" + csrf + "&login=someone&password=whatever";
        browser.postRaw("/login", "application/json", "{\"login\":\"a\"}").then().statusCode(400)
                .body(containsString("application/x-www-form-urlencoded"));
        browser.postRaw("/login", null, good).then().statusCode(400);
        browser.postRaw("/login", "application/x-www-form-urlencoded", good + "&x=" + "a".repeat(20000)).then().statusCode(400);
        browser.postRaw("/login", "application/x-www-form-urlencoded", good + "&login=again").then().statusCode(400)
                .body(containsString("repeated"));
        browser.postRaw("/login", "application/x-www-form-urlencoded", good + "&bad=%zz").then().statusCode(400);
        browser.postRaw("/login", "application/x-www-form-urlencoded", "csrf=" + csrf + "&login=a%00b&password=x").then().statusCode(400);
        browser.postRaw("/login", "application/x-www-form-urlencoded", "csrf=" + csrf + "&login=%C3%28&password=x").then().statusCode(400);
        browser.post("/login", Map.of("csrf", csrf, "login", "", "password", "")).then().statusCode(400)
                .body(containsString("Enter your login name and password."));
        for (String login : List.of("' OR '1'='1' --", "<script>alert(1)</script>", "用户名", "a".repeat(5000), "${jndi:ldap://x}")) {
            Response response = browser.post("/login", Map.of("csrf", csrf, "login", login, "password", "p' OR 1=1"));
            response.then().statusCode(401);
            assertFalse(response.asString().contains("<script>alert(1)</script>"), "login is escaped");
        }
        // Malformed percent-encoding in the query: a page, never a 500.
        var raw = dev.userinfo.auth.testing.RawHttps.get(url, "/login?return_to=%zz");
        assertTrue(raw.status() == 200 || raw.status() == 400, raw.head());
        if (raw.status() == 200) {
            assertEquals("/account/apps", hidden(raw.body(), "return_to"));
        }
    }
}
