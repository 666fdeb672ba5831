package dev.userinfo.auth.security;

import static dev.userinfo.auth.testing.PageBrowser.one;
import static dev.userinfo.auth.testing.PageBrowser.query;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.DemoData;
import dev.userinfo.auth.testing.Consenting;
import dev.userinfo.auth.testing.Fixtures;
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
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 3: tokens say what they are and for whom (RFC 9068, RFC 8707). An app tries to get a token for
 * a resource server it was not authorized for, to widen a narrowed grant at the token endpoint, and to pass an
 * ID token off as an access token; each fails with the RFC's error and leaves the code or refresh token usable.
 */
@QuarkusTest
class TokenAudienceAndTypeAttackTest {

    static final String USERINFO = "https://localhost:8444";
    static final String QUOTA = "https://localhost:8445";
    static final String DEMO = Grants.basic("demo-app", "demo-secret");

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    private Response token(String authorization, String... form) {
        RequestSpecification spec = TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", authorization);
        // Built by hand: resource may repeat (RFC 8707 §2), which a Map cannot hold.
        return spec.body(PageBrowser.queryOf(form)).post("/oauth2/token");
    }

    private static JwtClaims claims(String jwt) throws Exception {
        // Read only: the signature and typ are what the resource services check (see jwt-verification's tests).
        return JwtClaims.parse(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String typ(String jwt) throws Exception {
        return JsonWebStructure.fromCompactSerialization(jwt).getHeader("typ");
    }

    private static void assertInvalidTarget(Response response) {
        response.then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid_target"));
        assertNull(response.path("access_token"));
        assertFalse(response.asString().contains("Exception"));
    }

    /** A code for demo-app through the real authorization endpoint, with the given extra parameters. */
    private String authorize(PageBrowser browser, String... extra) {
        String path = "/oauth2/authorize?" + PageBrowser.queryWith(List.of("response_type", "code", "client_id", "demo-app",
                "redirect_uri", DemoData.REDIRECT_URI, "scope", "profile offline_access", "state", "s1"), extra);
        Response response = browser.get(path);
        if (response.statusCode() == 200) {
            response = Consenting.answer(browser, response, "allow");
        }
        assertEquals(303, response.statusCode(), response.asString());
        return one(query(response.header("Location")), "code");
    }

    @Test
    void accessTokensAreAtJwtForEveryResourceServerAndNameTheAppInClientIdOnly() throws Exception {
        String access = token(DEMO, "grant_type", "client_credentials", "scope", "quota_read").path("access_token");
        assertEquals("at+jwt", typ(access));
        assertEquals(List.of(USERINFO, QUOTA), claims(access).getAudience());
        assertEquals("demo-app", claims(access).getStringClaimValue("client_id"));
    }

    @Test
    void appCannotGetATokenForAnUnknownResourceServer() {
        for (String resource : List.of("https://attacker.example", "https://localhost:8444/#frag", "/relative", "not a uri", "demo-app")) {
            assertInvalidTarget(token(DEMO, "grant_type", "client_credentials", "scope", "quota_read", "resource", resource));
        }
        // One good and one unknown resource: still refused as a whole.
        assertInvalidTarget(token(DEMO, "grant_type", "client_credentials", "resource", USERINFO, "resource", "https://attacker.example"));
    }

    @Test
    void resourceNarrowsAClientTokenToThatResourceServer() throws Exception {
        Response response = token(DEMO, "grant_type", "client_credentials", "scope", "quota_read", "resource", QUOTA);
        response.then().statusCode(200);
        assertEquals(List.of(QUOTA), claims(response.path("access_token")).getAudience());
        Response both = token(DEMO, "grant_type", "client_credentials", "resource", QUOTA, "resource", USERINFO);
        assertEquals(List.of(QUOTA, USERINFO), claims(both.path("access_token")).getAudience());
    }

    @Test
    void authorizationRequestForAnUnknownResourceRedirectsWithInvalidTargetAndCreatesNoGrant() {
        Fixtures.TestUser user = Fixtures.user("aud");
        PageBrowser browser = PageBrowser.signedIn(url, user);
        Response response = browser.get("/oauth2/authorize?" + PageBrowser.queryOf("response_type", "code", "client_id", "demo-app",
                "redirect_uri", DemoData.REDIRECT_URI, "scope", "profile", "state", "s2", "resource", "https://attacker.example"));
        assertEquals(303, response.statusCode(), response.asString());
        Map<String, List<String>> answer = query(response.header("Location"));
        assertEquals("invalid_target", one(answer, "error"));
        assertEquals("s2", one(answer, "state"));
        assertNull(answer.get("code"));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id()));
    }

    @Test
    void codeNarrowedToUserinfoCannotBeWidenedToQuotaAtTheTokenEndpointOrOnRefresh() throws Exception {
        PageBrowser browser = PageBrowser.signedIn(url, Fixtures.user("narrow"));
        String code = authorize(browser, "resource", USERINFO);

        // The attack: redeem the code for account-quota-service, which the authorization request did not name.
        assertInvalidTarget(token(DEMO, "grant_type", "authorization_code", "code", code, "redirect_uri", DemoData.REDIRECT_URI,
                "resource", QUOTA));
        // Nothing was spent: the same code still redeems, for userinfo-service only.
        Response redeemed = token(DEMO, "grant_type", "authorization_code", "code", code, "redirect_uri", DemoData.REDIRECT_URI);
        redeemed.then().statusCode(200);
        assertEquals(List.of(USERINFO), claims(redeemed.path("access_token")).getAudience());
        String refresh = redeemed.path("refresh_token");
        assertNotNull(refresh);

        // Widening on refresh is refused too, and does not rotate (lose) the refresh token.
        assertInvalidTarget(token(DEMO, "grant_type", "refresh_token", "refresh_token", refresh, "resource", QUOTA));
        Response refreshed = token(DEMO, "grant_type", "refresh_token", "refresh_token", refresh);
        refreshed.then().statusCode(200);
        assertEquals(List.of(USERINFO), claims(refreshed.path("access_token")).getAudience(), "the family keeps its narrowing");
    }

    @Test
    void tokenRequestMayNarrowAnUnnarrowedGrant() throws Exception {
        PageBrowser browser = PageBrowser.signedIn(url, Fixtures.user("narrow2"));
        String code = authorize(browser);
        Response redeemed = token(DEMO, "grant_type", "authorization_code", "code", code, "redirect_uri", DemoData.REDIRECT_URI,
                "resource", QUOTA);
        redeemed.then().statusCode(200);
        assertEquals(List.of(QUOTA), claims(redeemed.path("access_token")).getAudience());
        Response refreshed = token(DEMO, "grant_type", "refresh_token", "refresh_token", redeemed.path("refresh_token"),
                "resource", USERINFO);
        refreshed.then().statusCode(200);
        assertEquals(List.of(USERINFO), claims(refreshed.path("access_token")).getAudience());
    }

    @Test
    void idTokenIsNotIntrospectedAsAnAccessToken() throws Exception {
        PageBrowser browser = PageBrowser.signedIn(url, Fixtures.user("idt"));
        String code = authorize(browser, "scope", "openid profile", "nonce", "n1");
        Response redeemed = token(DEMO, "grant_type", "authorization_code", "code", code, "redirect_uri", DemoData.REDIRECT_URI);
        String idToken = redeemed.path("id_token");
        assertEquals("JWT", typ(idToken), "ID tokens keep typ JWT");
        assertEquals(List.of("demo-app"), claims(idToken).getAudience());
        String feed = Grants.basic("userinfo-service", grants.feedClientSecret());
        TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", feed)
                .formParam("token", idToken).post("/oauth2/introspect")
                .then().statusCode(200).body("active", equalTo(false));
        TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", feed)
                .formParam("token", (String) redeemed.path("access_token")).post("/oauth2/introspect")
                .then().statusCode(200).body("active", equalTo(true));
        assertTrue(claims(redeemed.path("access_token")).getAudience().contains(USERINFO));
    }
}
