package dev.userinfo.auth.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.DemoData;
import dev.userinfo.auth.testing.Consenting;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.auth.token.OpenIds;
import dev.userinfo.contracts.testing.JsonShape;
import dev.userinfo.contracts.testing.SeedExamples;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 001's own example calls, as printed, against the demo app (appid 1, {@code demo-app}, {@code demo-secret}):
 * 第一步 with the Android example's {@code setAppId(appId)}, {@code setScope("snsapi_userinfo")}, {@code setState("test")},
 * 第二步 {@code ?app_id=APPID&app_key=APPKEY&code=CODE}; answers compared with the seed's examples through JsonShape.
 * APPID is 应用唯一ID，开发平台下发: the numeric appid, and the client_id is accepted alike.
 */
@QuarkusTest
class Seed001ExampleTest {

    /** The demo app's numeric appid (DemoData), the id seeds 002 and 004 use too. */
    static final String DEMO_APPID = "1";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    OpenIds openIds;

    @BeforeEach
    void forgetLoginFailuresOfOtherTests() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    /** 第一步 as the seed's SDK example makes it; the code from the 303 back to the demo app's only redirect URI. */
    private static String code(PageBrowser browser, String appId) {
        Response first = browser.get(Seed001AuthorizeTest.AUTHORIZE + "?app_id=" + appId + "&scope=snsapi_userinfo&state=test");
        Response answer = first.statusCode() == 200 ? Consenting.answer(browser, first, "allow") : first;
        assertEquals(303, answer.statusCode(), answer.asString());
        String location = answer.header("Location");
        assertTrue(location.startsWith(DemoData.REDIRECT_URI + "?"), location);
        Map<String, List<String>> params = PageBrowser.query(location);
        // 返回说明: err_code 0 (用户同意), code, state as sent (and RFC 9207's iss).
        assertEquals(List.of("err_code", "code", "state", "iss"), List.copyOf(params.keySet()), location);
        assertEquals("0", PageBrowser.one(params, "err_code"));
        assertEquals("test", PageBrowser.one(params, "state"));
        return PageBrowser.one(params, "code");
    }

    /** 第二步's link as printed: app_id=APPID&app_key=APPKEY&code=CODE. */
    private Response exchange(String appId, String appKey, String code) {
        return TestHttps.given(url).urlEncodingEnabled(false).get(Seed001AuthorizeTest.TOKEN + "?app_id=" + appId + "&app_key="
                + appKey + "&code=" + code);
    }

    @Test
    void theSeedsExampleCallsWithTheNumericAppidAnswerTheSeedsExamples() {
        Fixtures.TestUser user = Fixtures.user("seed001-num");
        String code = code(PageBrowser.signedIn(url, user), DEMO_APPID);
        Response token = exchange(DEMO_APPID, DemoData.SECRET, code);
        assertEquals(200, token.statusCode(), token.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.VVCHAT_TOKEN_200), token.asString());
        assertEquals("snsapi_userinfo", token.path("scope"));
        assertEquals(Grants.await(() -> openIds.forPair(1L, user.id())), token.path("open_id"));

        // The same code again is an invalid code: the seed's 错误返回样例, value for value.
        Response spent = exchange(DEMO_APPID, DemoData.SECRET, code);
        assertEquals(400, spent.statusCode(), spent.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.VVCHAT_TOKEN_400), spent.asString(), "/err_code", "/err_msg");
    }

    @Test
    void theClientIdIsAcceptedAsAppIdAlikeAndTheCodeIsTheSameAppsEitherWay() {
        Fixtures.TestUser user = Fixtures.user("seed001-cid");
        PageBrowser browser = PageBrowser.signedIn(url, user);
        Response token = exchange(DemoData.CLIENT_ID, DemoData.SECRET, code(browser, DemoData.CLIENT_ID));
        assertEquals(200, token.statusCode(), token.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.VVCHAT_TOKEN_200), token.asString());
        // A code requested with one spelling of the app redeems with the other: both name appid 1.
        Response crossed = exchange(DemoData.CLIENT_ID, DemoData.SECRET, code(browser, DEMO_APPID));
        assertEquals(200, crossed.statusCode(), crossed.asString());
        assertEquals(token.<String>path("open_id"), crossed.<String>path("open_id"));

        Response invented = exchange(DemoData.CLIENT_ID, DemoData.SECRET, "CODE");
        assertEquals(400, invented.statusCode(), invented.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.VVCHAT_TOKEN_400), invented.asString(), "/err_code", "/err_msg");
    }

    @Test
    void anAllDigitAppIdThatNoAppWasIssuedIsAnUnknownAppId() {
        String code = code(PageBrowser.signedIn(url, Fixtures.user("seed001-unknown")), DEMO_APPID);
        for (String appId : List.of("999999999", "01", "0", "99999999999999999999")) {
            Response refused = exchange(appId, DemoData.SECRET, code);
            assertEquals(400, refused.statusCode(), appId + ": " + refused.asString());
            assertEquals(Integer.valueOf(40001), refused.<Integer>path("err_code"), appId);
            Seed001AuthorizeTest.assertErrorPageWithoutRedirect(new PageBrowser(url).get(Seed001AuthorizeTest.AUTHORIZE
                    + "?app_id=" + appId + "&scope=snsapi_userinfo&state=test"), "unknown app_id");
        }
        // Refusing the app spent nothing: the code still redeems once.
        assertEquals(200, exchange(DEMO_APPID, DemoData.SECRET, code).statusCode());
    }
}
