package dev.userinfo.auth.security;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.testing.Consenting;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.PageBrowser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 6: an app asks for prompt=consent (OIDC Core §3.1.2.1) for a signed-out user who consented
 * before; the login round trip used to drop it, so consent was then given silently from memory.
 */
@QuarkusTest
class ConsentSkippedThroughLoginAttackTest {

    static final String CB = "https://consent-attack.example/cb";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    static App app;

    @BeforeEach
    void setUp() {
        if (app == null) {
            app = Fixtures.app("confidential", List.of(CB), List.of("openid", "profile", "email"));
        }
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private static String request(String... extra) {
        return "/oauth2/authorize?" + PageBrowser.queryWith(List.of("response_type", "code", "client_id", app.clientId,
                "redirect_uri", CB, "scope", "openid profile", "state", "s-1"), extra);
    }

    private static void consented(TestUser user) {
        Fixtures.execute("INSERT INTO consent (user_id, appid, scopes) VALUES (:p1, :p2, ARRAY['openid','profile'])",
                user.id(), app.appid);
    }

    private static long codes(TestUser user) {
        return Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 AND appid = :p2",
                user.id(), app.appid);
    }

    /** Signs in through the login page the authorization request sent the browser to; the URL it comes back to. */
    private static String loginThrough(PageBrowser browser, Response toLogin, TestUser user) {
        toLogin.then().statusCode(303).header("Location", containsString("/login?return_to="));
        String returnTo = URLDecoder.decode(toLogin.header("Location").substring("/login?return_to=".length()),
                StandardCharsets.UTF_8);
        Response signedIn = browser.login(user.login(), user.password(), returnTo);
        signedIn.then().statusCode(303);
        return signedIn.header("Location");
    }

    @Test
    void promptConsentForASignedOutUserIsNotSwallowedByTheLoginRoundTrip() {
        TestUser alice = Fixtures.user("consent-through-login");
        consented(alice);
        PageBrowser browser = new PageBrowser(url);

        String back = loginThrough(browser, browser.get(request("prompt", "consent")), alice);
        assertTrue(back.contains("prompt=consent"), back);

        // Back from login: the consent page, not a code from remembered consent.
        Response page = browser.get(back);
        page.then().statusCode(200).body(containsString("name=\"decision\""));
        assertNull(page.header("Location"));
        assertEquals(0, codes(alice), "no code without a click");

        // Only her click issues one.
        Response approved = Consenting.answer(browser, page, "allow");
        approved.then().statusCode(303).header("Location", containsString(CB + "?code="));
        assertEquals(1, codes(alice));
    }

    @Test
    void promptLoginAndConsentAsksForBothOnceAndNeverLoops() {
        TestUser bob = Fixtures.user("login-and-consent");
        consented(bob);
        PageBrowser browser = PageBrowser.signedIn(url, bob);

        // prompt=login with a session: the login page; afterwards login is satisfied, consent still asked.
        String back = loginThrough(browser, browser.get(request("prompt", "login consent", "max_age", "0")), bob);
        assertFalse(back.contains("login"), back);
        assertFalse(back.contains("max_age"), back);
        Response page = browser.get(back);
        page.then().statusCode(200).body(containsString("name=\"decision\""));
        assertEquals(0, codes(bob));
        assertNotNull(Consenting.answer(browser, page, "allow").header("Location"));
        assertEquals(1, codes(bob));
    }

    @Test
    void theCarriedRequestCannotBeTurnedIntoAnOpenRedirect() {
        TestUser carol = Fixtures.user("consent-return");
        PageBrowser browser = new PageBrowser(url);
        for (String evil : List.of("https://evil.example/oauth2/authorize?x=1", "//evil.example/oauth2/authorize?x=1",
                "/oauth2/authorize/../../\\evil.example")) {
            Response signedIn = browser.login(carol.login(), carol.password(), evil);
            signedIn.then().statusCode(303);
            assertEquals("/account/apps", signedIn.header("Location").replaceFirst("^https://localhost:\\d+", ""));
        }
    }
}
