package dev.userinfo.auth.dialect;

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
import dev.userinfo.auth.testing.RawHttps;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.auth.token.OpenIds;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 001 第一步 (请求CODE) at /userservices/v2/authorization/authorize, and the code's one redemption at 第二步. */
@QuarkusTest
class Seed001AuthorizeTest {

    static final String AUTHORIZE = "/userservices/v2/authorization/authorize";
    static final String TOKEN = "/userservices/v2/authorization/token";
    static final String INVALID_CODE = "{\"err_code\":400,\"err_msg\":\"无效的code\"}";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    @Inject
    OpenIds openIds;

    static String clientId;
    static String appKey;
    static long appid;
    static String issuer;

    @BeforeEach
    void setUp() {
        if (clientId == null) {
            AppRegistry.Registered app = grants.app(Fixtures.unique("vvchat"), "confidential",
                    List.of("snsapi_userinfo", "snsapi_base", "profile"));
            clientId = app.app().clientId;
            appKey = app.clientSecret();
            appid = app.app().appid;
            issuer = TestHttps.given(url).get("/.well-known/openid-configuration").path("issuer");
        }
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private PageBrowser signedIn(TestUser user) {
        return PageBrowser.signedIn(url, user);
    }

    /** Seed 001's request: app_id, scope=snsapi_userinfo, state=test; extra pairs replace (null removes) or add. */
    private static String request(String... extra) {
        return AUTHORIZE + "?" + PageBrowser.queryWith(List.of("app_id", clientId, "scope", "snsapi_userinfo", "state", "test"), extra);
    }

    /** The redirect's query, in order, checked to be the registered redirect URI and nothing else. */
    private static LinkedHashMap<String, String> redirected(Response response) {
        assertEquals(303, response.statusCode(), response.asString());
        String location = response.header("Location");
        assertTrue(location.startsWith(Grants.REDIRECT + "?"), location);
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        query(location).forEach((name, values) -> {
            assertEquals(1, values.size(), name + " repeated in " + location);
            params.put(name, values.get(0));
        });
        return params;
    }

    private static void assertSeedError(LinkedHashMap<String, String> answer, int errCode, String errMsg, String state, String label) {
        LinkedHashMap<String, String> expected = new LinkedHashMap<>();
        expected.put("err_code", Integer.toString(errCode));
        expected.put("err_msg", errMsg);
        if (state != null) {
            expected.put("state", state);
        }
        expected.put("iss", issuer);
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(answer.entrySet()), label);
    }

    static void assertErrorPageWithoutRedirect(Response response, String detail) {
        assertEquals(400, response.statusCode(), response.asString());
        response.then().contentType(containsString("text/html")).header("X-Frame-Options", "DENY");
        assertNull(response.header("Location"), "never a redirect");
        if (detail != null) {
            response.then().body(containsString(detail));
        }
    }

    private Response redeem(String appId, String key, String code) {
        return TestHttps.given(url).urlEncodingEnabled(false)
                .get(TOKEN + "?" + queryOf("app_id", appId, "app_key", key, "code", code));
    }

    private long grantsOf(long userId) {
        return Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", userId);
    }

    @Test
    void signInApproveThenTheCodeRedeemsOnceForOpenIdScopeAndToken() throws Exception {
        TestUser user = Fixtures.user("vv-ann");
        PageBrowser browser = new PageBrowser(url);
        String authorize = request();
        Response first = browser.get(authorize);
        assertEquals(303, first.statusCode(), first.asString());
        String login = first.header("Location");
        assertTrue(login.startsWith("/login?return_to="), login);
        String returnTo = URLDecoder.decode(login.substring("/login?return_to=".length()), StandardCharsets.UTF_8);
        assertEquals(authorize, returnTo, "back to the same door with the same request");

        Response loggedIn = browser.login(user.login(), user.password(), returnTo);
        assertEquals(303, loggedIn.statusCode());
        Response consent = browser.get(loggedIn.header("Location"));
        consent.then().statusCode(200).body(containsString("Read your nickname and gender"))
                .body(containsString("<input type=\"hidden\" name=\"dialect\" value=\"seed001\">"));
        LinkedHashMap<String, String> answer = redirected(Consenting.answer(browser, consent, "allow"));
        assertEquals(List.of("err_code", "code", "state", "iss"), List.copyOf(answer.keySet()), "exactly the documented parameters");
        assertEquals("0", answer.get("err_code"));
        assertEquals("test", answer.get("state"));
        assertEquals(issuer, answer.get("iss"));
        String code = answer.get("code");
        assertEquals(32, Base64.getUrlDecoder().decode(code).length);
        assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_code c JOIN authorization_grant g ON g.id = c.grant_id "
                + "WHERE c.code_hash = :p1 AND c.redeemed_at IS NULL AND c.redirect_uri = :p2 AND g.user_id = :p3 AND g.client_id = :p4 "
                + "AND g.scopes = ARRAY['snsapi_userinfo']::text[]", Consenting.codeHash(code), Grants.REDIRECT, user.id(), clientId));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_code c WHERE strpos(c::text, :p1) > 0", code),
                "the code is stored only as its hash");

        Response redeemed = redeem(clientId, appKey, code);
        assertEquals(200, redeemed.statusCode(), redeemed.asString());
        String token = redeemed.path("token");
        assertNotNull(token);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("open_id", Grants.await(() -> openIds.forPair(appid, user.id())));
        expected.put("scope", "snsapi_userinfo");
        expected.put("token", token);
        assertEquals(JSON.readTree(JSON.writeValueAsString(expected)), JSON.readTree(redeemed.asString()));

        Response again = redeem(clientId, appKey, code);
        assertEquals(400, again.statusCode());
        assertEquals(JSON.readTree(INVALID_CODE), JSON.readTree(again.asString()));

        // Remembered: the next request comes straight back with a fresh code and the state byte for byte.
        for (String state : List.of("状态-✓-😀", "a+b c&d=e%20f#g", "<script>alert('x')</script>\"", "' OR '1'='1 --", "x".repeat(2048))) {
            LinkedHashMap<String, String> again2 = redirected(browser.get(request("state", state)));
            assertEquals(List.of("err_code", "code", "state", "iss"), List.copyOf(again2.keySet()));
            assertEquals("0", again2.get("err_code"));
            assertEquals(state, again2.get("state"));
        }
        // No state: none comes back.
        LinkedHashMap<String, String> stateless = redirected(browser.get(request("state", null)));
        assertEquals(List.of("err_code", "code", "iss"), List.copyOf(stateless.keySet()));
    }

    @Test
    void snsapiBaseIsTheOtherDocumentedScope() throws Exception {
        TestUser user = Fixtures.user("vv-base");
        PageBrowser browser = signedIn(user);
        Response consent = browser.get(request("scope", "snsapi_base", "state", "b"));
        consent.then().statusCode(200).body(containsString("Know your open_id"));
        LinkedHashMap<String, String> answer = redirected(Consenting.answer(browser, consent, "allow"));
        assertEquals("0", answer.get("err_code"));
        assertEquals("b", answer.get("state"));
        Response redeemed = redeem(clientId, appKey, answer.get("code"));
        assertEquals(200, redeemed.statusCode(), redeemed.asString());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("open_id", Grants.await(() -> openIds.forPair(appid, user.id())));
        expected.put("scope", "snsapi_base");
        expected.put("token", redeemed.path("token"));
        assertEquals(JSON.readTree(JSON.writeValueAsString(expected)), JSON.readTree(redeemed.asString()));
        // A wrong key is the key's error; the spent code is the seed's one error.
        Response wrongKey = redeem(clientId, appKey + "x", answer.get("code"));
        assertEquals(400, wrongKey.statusCode());
        assertEquals(JSON.readTree("{\"err_code\":40002,\"err_msg\":\"无效的app_key\"}"), JSON.readTree(wrongKey.asString()));
        assertEquals(JSON.readTree(INVALID_CODE), JSON.readTree(redeem(clientId, appKey, answer.get("code")).asString()));
    }

    @Test
    void denyingAnswersMinusFourAndIssuesNothing() {
        TestUser user = Fixtures.user("vv-bob");
        PageBrowser browser = signedIn(user);
        assertSeedError(redirected(Consenting.answer(browser, browser.get(request()), "deny")), -4, "用户拒绝授权", "test", "deny");
        assertEquals(0, grantsOf(user.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", user.id()));
    }

    @Test
    void everyReachableRowOfTheErrorTableGoesBackToTheApp() {
        TestUser user = Fixtures.user("vv-cat");
        // -6: prompt=none and nobody signed in.
        assertSeedError(redirected(new PageBrowser(url).get(request("prompt", "none"))), -6, "用户未登录", "test", "login_required");
        PageBrowser browser = signedIn(user);
        // -7: prompt=none, signed in, never authorized.
        assertSeedError(redirected(browser.get(request("prompt", "none"))), -7, "用户未授权", "test", "consent_required");

        Map<String, Integer> cases = new LinkedHashMap<>();
        // -3: 无效的scope.
        cases.put(request("scope", null), -3);
        cases.put(request("scope", ""), -3);
        cases.put(request("scope", "admin"), -3);
        cases.put(request("scope", "openid"), -3);                      // exists, not allowed for this app
        cases.put(request("scope", "snsapi_userinfo quota_write"), -3);
        cases.put(request("scope", "读取"), -3);
        cases.put(request("scope", "snsapi_userinfo' OR '1'='1"), -3);
        cases.put(request("scope", "SNSAPI_USERINFO"), -3);
        cases.put(request("scope", "s".repeat(3000)), -3);
        // -1: 无效的请求 — everything else once the app is known.
        cases.put(request() + "&scope=snsapi_base", -1);                 // repeated
        cases.put(request("response_type", "token"), -1);
        cases.put(request("scope", "snsapi_userinfo\u0000"), -1);
        cases.put(request("nonce", "n\u0000"), -1);
        cases.put(request("code_challenge", Grants.challenge("v".repeat(50)), "code_challenge_method", "plain"), -1);
        cases.put(request("code_challenge_method", "S256"), -1);
        cases.put(request("prompt", "sometimes"), -1);
        cases.put(request("max_age", "soon"), -1);
        cases.put(request("request", "eyJhbGciOiJub25lIn0.e30."), -1);
        cases.put(request("response_mode", "fragment"), -1);
        cases.forEach((target, errCode) -> {
            LinkedHashMap<String, String> answer = redirected(browser.get(target));
            assertSeedError(answer, errCode, errCode == -3 ? "无效的scope" : "无效的请求", "test", target);
        });
        // A repeated or oversized state cannot be echoed: -1 without it.
        assertSeedError(redirected(browser.get(request() + "&state=other")), -1, "无效的请求", null, "repeated state");
        assertSeedError(redirected(browser.get(request("state", "s".repeat(2049)))), -1, "无效的请求", null, "long state");
        assertSeedError(redirected(browser.get(request("state", "a\u0000b"))), -1, "无效的请求", null, "NUL in state");
        assertEquals(0, grantsOf(user.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", user.id()));
    }

    @Test
    void aCodeThatCannotBeStoredAnswersMinusNineNeverAServerErrorPage() {
        TestUser user = Fixtures.user("vv-dan");
        PageBrowser browser = signedIn(user);
        redirected(Consenting.answer(browser, browser.get(request()), "allow"));
        TestUser newcomer = Fixtures.user("vv-dan-new");
        PageBrowser newcomerBrowser = signedIn(newcomer);
        long grantsBefore = grantsOf(user.id());
        // Make the database refuse these two users' next grants (and only theirs).
        Fixtures.execute("CREATE OR REPLACE FUNCTION auth.refuse_grant_for_test() RETURNS trigger LANGUAGE plpgsql AS "
                + "'BEGIN IF NEW.user_id IN (" + user.id() + ", " + newcomer.id() + ") THEN "
                + "RAISE EXCEPTION ''grant refused by test''; END IF; RETURN NEW; END'");
        Fixtures.execute("CREATE TRIGGER refuse_grant_for_test BEFORE INSERT ON auth.authorization_grant "
                + "FOR EACH ROW EXECUTE FUNCTION auth.refuse_grant_for_test()");
        try {
            // Remembered consent: the code is issued right away, and fails.
            assertSeedError(redirected(browser.get(request())), -9, "系统繁忙，请稍后再试", "test", "remembered");
            // Through the consent page (prompt=consent): the same answer, not a 500 page.
            Response consent = browser.get(request("prompt", "consent"));
            assertSeedError(redirected(Consenting.answer(browser, consent, "allow")), -9, "系统繁忙，请稍后再试", "test", "consent page");
            // A first approval that cannot be stored is not remembered either: the transaction rolled back.
            Response first = newcomerBrowser.get(request());
            assertSeedError(redirected(Consenting.answer(newcomerBrowser, first, "allow")), -9, "系统繁忙，请稍后再试", "test", "first");
            assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", newcomer.id()));
        } finally {
            Fixtures.execute("DROP TRIGGER refuse_grant_for_test ON auth.authorization_grant");
            Fixtures.execute("DROP FUNCTION auth.refuse_grant_for_test()");
        }
        assertEquals(grantsBefore, grantsOf(user.id()));
        assertEquals(0, grantsOf(newcomer.id()));
        // And once the database accepts again, so does the door.
        assertEquals("0", redirected(browser.get(request())).get("err_code"));
        newcomerBrowser.get(request()).then().statusCode(200);
    }

    @Test
    void anUnknownMissingOrRepeatedAppIdGetsAnErrorPageAndNeverARedirect() {
        PageBrowser browser = signedIn(Fixtures.user("vv-eve"));
        assertErrorPageWithoutRedirect(browser.get(request("app_id", "no-such-app")), "unknown app_id");
        assertErrorPageWithoutRedirect(new PageBrowser(url).get(request("app_id", "no-such-app")), "unknown app_id");
        assertErrorPageWithoutRedirect(browser.get(request("app_id", null)), "app_id is missing");
        assertErrorPageWithoutRedirect(browser.get(request("app_id", "")), "app_id is missing");
        // The OAuth name is not seed 001's.
        assertErrorPageWithoutRedirect(browser.get(request("app_id", null, "client_id", clientId)), "app_id is missing");
        assertErrorPageWithoutRedirect(browser.get(request() + "&app_id=" + clientId), "app_id or redirect_uri is repeated");
        for (String junk : List.of("' OR '1'='1", "<script>", "应用", "x".repeat(3000), "../../etc/passwd", "0", "01", "-1", "999999999",
                "99999999999999999999", clientId.toUpperCase(), clientId + " ")) {
            Response response = browser.get(request("app_id", junk));
            assertErrorPageWithoutRedirect(response, "unknown app_id");
            assertFalse(response.asString().contains("<script>"), "never echoed");
        }
        assertErrorPageWithoutRedirect(browser.get(request("app_id", "a\u0000b")), "NUL");
        // A redirect_uri that is not registered: the error page, even for errors that would otherwise redirect.
        for (String uri : List.of("https://evil.example/cb", Grants.REDIRECT + "/x", Grants.REDIRECT + "?a=1", "javascript:alert(1)", "")) {
            assertErrorPageWithoutRedirect(browser.get(request("redirect_uri", uri)), "redirect_uri is not registered");
            assertErrorPageWithoutRedirect(browser.get(request("redirect_uri", uri, "scope", "admin")), "redirect_uri is not registered");
        }
        assertErrorPageWithoutRedirect(browser.get(request("redirect_uri", Grants.REDIRECT) + "&redirect_uri=" + PageBrowser.urlEncode(Grants.REDIRECT)),
                "app_id or redirect_uri is repeated");
        // A disabled app is unknown too.
        AppRegistry.Registered disabled = grants.app(Fixtures.unique("vv-off"), "confidential", List.of("snsapi_userinfo"));
        Fixtures.execute("UPDATE app SET enabled = false WHERE appid = :p1", disabled.app().appid);
        io.quarkus.arc.Arc.container().instance(io.quarkus.cache.CacheManager.class).get().getCache("apps").get()
                .invalidateAll().await().indefinitely();
        assertErrorPageWithoutRedirect(browser.get(request("app_id", disabled.app().clientId)), "unknown app_id");
        // The registered one spelled out is fine.
        browser.get(request("redirect_uri", Grants.REDIRECT)).then().statusCode(200);
    }

    @Test
    void malformedOrHugeRequestsGetAnErrorPageNeverAServerError() {
        PageBrowser browser = signedIn(Fixtures.user("vv-fay"));
        for (String target : List.of(AUTHORIZE + "?app_id=%zz", AUTHORIZE + "?state=%E0%A4&app_id=" + clientId,
                AUTHORIZE + "?app_id=" + clientId + "&scope=%", AUTHORIZE, AUTHORIZE + "?", AUTHORIZE + "?&&&")) {
            RawHttps.Answer answer = RawHttps.get(url, target);
            assertEquals(400, answer.status(), target + "\n" + answer.head());
            assertNull(answer.header("Location"), target);
        }
        Response huge = browser.get(request("state", "s".repeat(9000), "nonce", "n".repeat(9000)));
        assertTrue(huge.statusCode() == 400 || huge.statusCode() == 414 || huge.statusCode() == 431, "status " + huge.statusCode());
        assertNull(huge.header("Location"));
        // Other methods are not this door.
        assertEquals(405, TestHttps.given(url).post(AUTHORIZE).statusCode());
    }

    @Test
    void neitherTheCodeNorTheStateNorTheTokenReachesTheLog() {
        TestUser user = Fixtures.user("vv-gus");
        PageBrowser browser = signedIn(user);
        String state = "state-secret-" + Fixtures.unique("s");
        LinkedHashMap<String, String> answer = redirected(Consenting.answer(browser, browser.get(request("state", state)), "allow"));
        String code = answer.get("code");
        String token = redeem(clientId, appKey, code).path("token");
        redeem(clientId, appKey, code).then().statusCode(400);
        String log;
        try {
            log = Files.readString(Path.of("target/quarkus-test.log"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(log.contains(AUTHORIZE), "the access log saw the requests");
        for (String secret : List.of(code, token, appKey, state, browser.sessionCookie(), user.password())) {
            assertFalse(log.contains(secret), "a secret reached the log");
        }
    }
}
