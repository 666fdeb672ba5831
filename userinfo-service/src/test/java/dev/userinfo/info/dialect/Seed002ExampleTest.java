package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.contracts.testing.JsonShape;
import dev.userinfo.contracts.testing.SeedExamples;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's own example call replayed: {@code GET /user/info?accessToken=…&userId=…} with {@code X-App-Id: 1}, the
 * app registered here with appid 1, compared with the seed's 正确时返回; its 错误时返回 shape for a refusal.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class Seed002ExampleTest extends SeedExampleUsers {

    /**
     * The seed's X-App-Id value, and the demo app's appid; its client_id is the demo app's too. Seed004ExampleTest
     * registers the same pair, and no other test class registers appid 1 or demo-app, so the shared database never
     * holds a conflicting app 1 and the seed's own value needs no substitution.
     */
    static final long SEED_APP_ID = 1;
    static final String SEED_APP_CLIENT = "demo-app";
    private long userId;

    @BeforeEach
    void data() {
        registerApp(SEED_APP_ID, SEED_APP_CLIENT);
        userId = seed002User();
    }

    /** The seed's URL {@code /user/info?accessToken=AT-4-…&userId=1}: token and user id are placeholders, ours here. */
    private Response seedCall(String accessToken, String appId) {
        return given().urlEncodingEnabled(false).header("X-App-Id", appId)
                .get("/user/info?accessToken=" + accessToken + "&userId=" + userId);
    }

    private String token(String clientId) {
        return tokens().forUser(String.valueOf(userId), clientId, "profile", "org_read");
    }

    @Test
    void theSeedsExampleCallWithXAppId1() {
        Response r = seedCall(token(SEED_APP_CLIENT), "1");
        assertEquals(200, r.statusCode(), r.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.USER_INFO_200), r.asString(), "/code", "/status", "/message");
        assertEquals(String.valueOf(userId), r.jsonPath().getString("data.userId"));
        assertEquals("教职工", r.jsonPath().getString("data.orgList[0].roleList[0].roleName"));
    }

    @Test
    void theClientIdIsAcceptedAsBefore() {
        Response r = seedCall(token(SEED_APP_CLIENT), SEED_APP_CLIENT);
        assertEquals(200, r.statusCode(), r.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.USER_INFO_200), r.asString(), "/code", "/status", "/message");
    }

    @Test
    void anAppidThatIsNotTheTokensAppOrNoAppIsRefusedLikeAnUnknownClientId() {
        String token = token(SEED_APP_CLIENT);
        String expected = "{\"code\":403,\"data\":{},\"message\":\"accessToken不属于X-App-Id指定的应用\",\"status\":\"fail\"}";
        // another registered app's appid, an appid nobody has, 0, a leading zero (01 is not appid 1), beyond int64, and an unknown client_id: all one answer
        long otherApp = SEED_APP_ID + 1_000_000_000L + newUserId() % 1_000_000;
        registerApp(otherApp, "seed002-other-" + otherApp);
        for (String appId : new String[] {String.valueOf(otherApp), String.valueOf(newUserId()), "0", "01", "99999999999999999999",
                "no-such-client"}) {
            Response r = seedCall(token, appId);
            assertEquals(403, r.statusCode(), appId);
            assertEquals(expected, r.asString(), appId);
            JsonShape.assertMatches(SeedExamples.read(SeedExamples.USER_INFO_ERROR), r.asString(), "/data", "/status");
        }
        // a token of that other app is its own: X-App-Id by appid or client_id
        assertEquals(200, seedCall(token("seed002-other-" + otherApp), String.valueOf(otherApp)).statusCode());
    }

    @Test
    void anInvalidTokenIsStill401BeforeTheAppIsLookedUp() {
        Response r = seedCall("AT-4-Q8z-8PhSfm4RYp10WUcpuWSXbjpUIRtW", "1");
        assertEquals(401, r.statusCode());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.USER_INFO_ERROR), r.asString(), "/data", "/status");
        assertEquals("accessToken无效", r.jsonPath().getString("message"));
    }
}
