package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 001 (VVChat 获取用户个人信息): whole bodies for success and errors. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class VvchatUserinfoTest extends ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private long userId;
    private String sub;

    @BeforeEach
    void user() {
        userId = createUser("wang", "小王", "wang@example.com", null);
        sub = String.valueOf(userId);
        sql("UPDATE profile SET gender = 1 WHERE user_id = $1", userId);
    }

    private Response call(String authorization) {
        var spec = given();
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        return spec.get("/userservices/v2/authorization/userinfo");
    }

    private void expect(Response r, int status, String body) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(JSON.readTree(body), JSON.readTree(r.asString()));
    }

    @Test
    void bareTokenAsTheSeedSendsIt() throws Exception {
        String openId = "oid-vvchat-app-" + userId;
        expect(call(tokens().forUser(sub, "vvchat-app", "snsapi_userinfo")), 200,
                "{\"open_id\":\"" + openId + "\",\"nickname\":\"小王\",\"sex\":\"男\"}");
        expect(call("Bearer " + tokens().forUser(sub, "vvchat-app", "snsapi_userinfo")), 200,
                "{\"open_id\":\"" + openId + "\",\"nickname\":\"小王\",\"sex\":\"男\"}");
    }

    @Test
    void sexFollowsGender() throws Exception {
        sql("UPDATE profile SET gender = 2 WHERE user_id = $1", userId);
        deliver(event(2, "user.updated", userId, 2, "wang", "小王", "wang@example.com", null, "active")).statusCode(200);
        expect(call(tokens().forUser(sub, "a", "snsapi_userinfo")), 200, "{\"open_id\":\"oid-a-" + userId + "\",\"nickname\":\"小王\",\"sex\":\"女\"}");
        sql("UPDATE profile SET gender = 0 WHERE user_id = $1", userId);
        deliver(event(3, "user.updated", userId, 3, "wang", "小王", "wang@example.com", null, "active")).statusCode(200);
        expect(call(tokens().forUser(sub, "a", "snsapi_userinfo")), 200, "{\"open_id\":\"oid-a-" + userId + "\",\"nickname\":\"小王\",\"sex\":\"\"}");
    }

    @Test
    void snsapiBaseGetsTheOpenIdAlone() throws Exception {
        expect(call(tokens().forUser(sub, "a", "snsapi_base")), 200, "{\"open_id\":\"oid-a-" + userId + "\"}");
    }

    @Test
    void errorsAreErrCodeAndErrMsg() throws Exception {
        expect(call(null), 401, "{\"err_code\":401,\"err_msg\":\"缺少token\"}");
        expect(call("garbage"), 401, "{\"err_code\":401,\"err_msg\":\"无效的token\"}");
        expect(call(tokens().forClient("a", "snsapi_userinfo")), 401, "{\"err_code\":401,\"err_msg\":\"无效的token\"}");
        expect(call(tokens().token().subject(sub).clientId("a").scope("snsapi_userinfo").claim("open_id", "x")
                .issuedAt(Instant.now().minusSeconds(7200)).lifetime(Duration.ofMinutes(10)).sign()), 401,
                "{\"err_code\":401,\"err_msg\":\"token已过期\"}");
        expect(call(tokens().forUser(sub, "a", "user_info_read")), 403, "{\"err_code\":403,\"err_msg\":\"token无权获取用户信息\"}");
        expect(call(tokens().forUser(String.valueOf(newUserId()), "a", "snsapi_userinfo")), 404, "{\"err_code\":404,\"err_msg\":\"用户不存在\"}");
        expect(given().header("Authorization", "x").header("Authorization", "y").get("/userservices/v2/authorization/userinfo"), 400,
                "{\"err_code\":400,\"err_msg\":\"Authorization请求头重复\"}");
        expect(call("' OR 1=1 -- 玩家"), 401, "{\"err_code\":401,\"err_msg\":\"无效的token\"}");
        expect(call("x".repeat(9000)), 401, "{\"err_code\":401,\"err_msg\":\"无效的token\"}");
    }
}
