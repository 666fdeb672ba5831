package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.contracts.testing.JsonShape;
import dev.userinfo.contracts.testing.SeedExamples;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 001 第三步 replayed as printed: {@code GET /userservices/v2/authorization/userinfo} with {@code Authorization: TOKEN}
 * (bare). The seed prints no example body, only its 返回说明 table (open_id, nickname, sex), so the shape compared is that
 * table's: three strings in that order. Errors keep step 2's printed error shape ({@code {"err_code":400,"err_msg":…}}).
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class Seed001UserinfoExampleTest extends ServiceTest {

    /** The 返回说明 table as a body: every field a string (sex 女 / 男). */
    private static final String RETURN_TABLE = "{\"open_id\":\"OPENID\",\"nickname\":\"NICKNAME\",\"sex\":\"男\"}";
    private static final String CLIENT = "demo-app";
    private long userId;

    @BeforeEach
    void user() {
        userId = createUser("wang", "小王", "wang@example.com", null);
        admin().contentType(ContentType.JSON).body("{\"gender\":1}").patch("/admin/profiles/" + userId).then().statusCode(200);
    }

    /** The seed's request: the header {@code Authorization: TOEKN} [sic], the token bare; TOKEN is a placeholder. */
    private Response seedCall(String token) {
        return given().header("Authorization", token).get("/userservices/v2/authorization/userinfo");
    }

    @Test
    void stepThreeWithTheBareTokenAsPrinted() {
        Response r = seedCall(tokens().forUser(String.valueOf(userId), CLIENT, "snsapi_userinfo"));
        assertEquals(200, r.statusCode(), r.asString());
        JsonShape.assertMatches(RETURN_TABLE, r.asString(), "/sex");
        assertEquals("oid-" + CLIENT + "-" + userId, r.jsonPath().getString("open_id"));
        assertEquals("小王", r.jsonPath().getString("nickname"));
    }

    @Test
    void aRefusedTokenAnswersInTheSeedsErrorShape() {
        Response r = seedCall("TOKEN");
        assertEquals(401, r.statusCode(), r.asString());
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.VVCHAT_TOKEN_400), r.asString());
        assertEquals("{\"err_code\":401,\"err_msg\":\"无效的token\"}", r.asString());
    }
}
