package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.contracts.testing.JsonShape;
import dev.userinfo.contracts.testing.SeedExamples;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's own example requests replayed as printed ({@code Content-Type: application/json}, {@code appid} 1, its
 * e-mail, the 新版本 {@code access_token} and the 老版本 {@code user_token}), compared with its 成功响应示例; and its
 * 错误响应示例 (401 登录已失效) for an expired token.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class Seed004ExampleTest extends SeedExampleUsers {

    /** The seed's {@code "appid": 1}, registered here as the demo app (the same app as Seed002ExampleTest's). */
    private static final long APPID = Seed002ExampleTest.SEED_APP_ID;
    private static final String CLIENT = Seed002ExampleTest.SEED_APP_CLIENT;
    private long userId;

    @BeforeEach
    void data() {
        registerApp(APPID, CLIENT);
        // the seed's e-mail as printed; the user is ours, in custom groups 2 and 4, last seen from a Chinese address
        userId = seed004User(APPID);
    }

    /** The seed's 请求示例, its layout kept; the token (a placeholder) is ours. */
    private Response seedCall(String tokenField, String token) {
        String body = """
                {
                "appid": 1,
                "email": "user@example.com",
                "%s": "%s"
                }""".formatted(tokenField, token);
        return given().header("Content-Type", "application/json").body(body).post("/developer/profile.php");
    }

    private static void matchesTheSuccessExample(Response r) {
        assertEquals(200, r.statusCode(), r.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.PROFILE_200), r.asString(), "/code", "/msg");
    }

    @Test
    void theNewOauthExampleWithAnAccessToken() {
        Response r = seedCall("access_token", tokens().forUser(String.valueOf(userId), CLIENT, "profile"));
        matchesTheSuccessExample(r);
        assertEquals(String.valueOf(userId), r.jsonPath().getString("data.uid"));
        assertEquals("CN", r.jsonPath().getString("data.location"));
        assertEquals("2,4", r.jsonPath().getString("data.user_group"));
    }

    @Test
    void theOldExampleWithAUserTokenThatIsAPersonalAccessToken() {
        String pat = "pat_" + UUID.randomUUID().toString().replace("-", "");
        JwksTestResource.server().personalToken(pat, "pat-" + UUID.randomUUID(), String.valueOf(userId), "profile");
        Response r = seedCall("user_token", pat);
        matchesTheSuccessExample(r);
        assertEquals("CN", r.jsonPath().getString("data.location"));
    }

    @Test
    void theErrorExampleForAnExpiredToken() {
        String expired = tokens().token().subject(String.valueOf(userId)).clientId(CLIENT).scope("profile")
                .issuedAt(Instant.now().minusSeconds(7200)).sign();
        Response r = seedCall("access_token", expired);
        assertEquals(401, r.statusCode(), r.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.PROFILE_401), r.asString(), "/code", "/data", "/msg");
    }

    @Test
    void theSeedsPlaceholderTokensThemselvesAreRefusedAsTokenVerificationFailures() {
        // 《数据加密说明文档》 is not part of the contract: its encrypted example strings are not tokens we issued
        for (String[] example : new String[][] {{"user_token", "KzJkpEDPLCWKN/Xb8gNZ/g=="},
                {"access_token", "P5h7hs9+TzQXdkMFbcOLMUD87vzzHtDumAakOxOhnss="}}) {
            Response r = seedCall(example[0], example[1]);
            assertEquals(401, r.statusCode(), r.asString());
            assertEquals("{\"code\":401,\"data\":null,\"msg\":\"Token验证失败\"}", r.asString());
            JsonShape.assertMatches(SeedExamples.read(SeedExamples.PROFILE_401), r.asString(), "/code", "/data");
        }
    }
}
