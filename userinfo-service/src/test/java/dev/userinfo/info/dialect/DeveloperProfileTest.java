package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 004 (获取用户信息接口): the seed's success example with our data and each row of its 状态码说明, zh and en. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class DeveloperProfileTest extends SeedExampleUsers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong APPS = new AtomicLong(System.nanoTime() % 1_000_000 * 10 + 5_000_000);
    private long userId;
    private long appId;
    private String clientId;
    private String token;

    @BeforeEach
    void data() {
        appId = APPS.incrementAndGet();
        clientId = "dev-app-" + appId;
        registerApp(appId, clientId);
        userId = seed004User(appId);
        token = tokens().forUser(String.valueOf(userId), clientId, "profile");
    }

    private Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    private void expect(Response r, int status, String body) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(JSON.readTree(body), JSON.readTree(r.asString()));
    }

    private static String error(int code, String msg) {
        return "{\"code\":" + code + ",\"data\":null,\"msg\":\"" + msg + "\"}";
    }

    private String body(String tokenField, String tokenValue) {
        return "{\"appid\":" + appId + ",\"email\":\"user@example.com\",\"" + tokenField + "\":\"" + tokenValue + "\"}";
    }

    @Test
    void theSeedsSuccessExampleWithOurData() throws Exception {
        String expected = """
                {"code":200,"data":{"uid":"%d","nickname":"张三","avatar":"https://example.com/avatar.jpg","location":"CN",
                 "user_group":"2,4"},"msg":"操作成功"}""".formatted(userId);
        expect(post("/developer/profile.php", body("access_token", token)), 200, expected);
        expect(post("/developer/user_info.php?lang=zh", body("access_token", token)), 200, expected);
        // the old user_token arrives through jwt-verification as a VerifiedCaller too (PATs: issue #3)
        expect(post("/developer/profile.php", body("user_token", token)), 200, expected);
        Response en = post("/developer/profile.php?lang=en", body("access_token", token));
        assertEquals("Success", JSON.readTree(en.asString()).get("msg").asText());
        assertEquals(0, en.asString().indexOf("{\"code\":200,\"data\":{\"uid\""));
    }

    @Test
    void locationIsTheCountryOfTheLastLoginIpOrEmpty() throws Exception {
        for (String[] c : new String[][]{{"8.8.8.8", "US"}, {"240e::1", "CN"}, {"192.168.1.1", ""}, {"", ""}}) {
            admin().contentType(ContentType.JSON).body("{\"last_login_ip\":\"" + c[0] + "\"}").patch("/admin/profiles/" + userId)
                    .then().statusCode(200);
            assertEquals(c[1], JSON.readTree(post("/developer/profile.php", body("access_token", token)).asString())
                    .get("data").get("location").asText(), c[0]);
        }
    }

    @Test
    void everyRowOfTheStatusTableInBothLanguages() throws Exception {
        String expired = tokens().token().subject(String.valueOf(userId)).clientId(clientId).scope("profile")
                .issuedAt(Instant.now().minusSeconds(7200)).lifetime(Duration.ofMinutes(5)).sign();
        String[][] rows = {
                // body, status, zh, en
                {"{\"email\":\"user@example.com\",\"access_token\":\"" + token + "\"}", "400", "请求参数缺失", "Missing request parameters"},
                {"{\"appid\":" + appId + ",\"access_token\":\"" + token + "\"}", "400", "请求参数缺失", "Missing request parameters"},
                {"{\"appid\":" + appId + ",\"email\":\"user@example.com\"}", "400", "参数格式错误", "Invalid parameter format"},
                {"{\"appid\":" + appId + ",\"email\":\"user@example.com\",\"access_token\":\"" + token + "\",\"user_token\":\"" + token + "\"}",
                        "400", "参数格式错误", "Invalid parameter format"},
                {"{\"appid\":999999999999,\"email\":\"user@example.com\",\"access_token\":\"" + token + "\"}", "404", "应用不存在", "Application does not exist"},
                {body("access_token", "P5h7hs9+TzQXdkMFbcOLMUD87vzzHtDumAakOxOhnss="), "401", "Token验证失败", "Token verification failed"},
                {body("user_token", "KzJkpEDPLCWKN/Xb8gNZ/g=="), "401", "Token验证失败", "Token verification failed"},
                {body("access_token", expired), "401", "登录已失效", "Login has expired"},
        };
        for (String[] row : rows) {
            int status = Integer.parseInt(row[1]);
            expect(post("/developer/profile.php", row[0]), status, error(status, row[2]));
            expect(post("/developer/profile.php?lang=en", row[0]), status, error(status, row[3]));
        }
    }

    @Test
    void tokenOfAnotherAppOrUserAndTheBlacklistAreRefused() throws Exception {
        expect(post("/developer/profile.php", body("access_token", tokens().forUser(String.valueOf(userId), "other-app", "profile"))),
                401, error(401, "Token验证失败"));
        expect(post("/developer/profile.php", "{\"appid\":" + appId + ",\"email\":\"someone@example.com\",\"access_token\":\"" + token + "\"}"),
                401, error(401, "Token验证失败"));
        expect(post("/developer/profile.php", body("access_token", tokens().forUser(String.valueOf(userId), clientId, "openid"))),
                401, error(401, "Token验证失败"));
        admin().put("/admin/apps/" + appId + "/groups/1/members/" + userId).then().statusCode(204);
        expect(post("/developer/profile.php", body("access_token", token)), 401, error(401, "Token验证失败"));
        admin().delete("/admin/apps/" + appId + "/groups/1/members/" + userId).then().statusCode(204);
        expect(post("/developer/profile.php", body("access_token", token)), 200,
                JSON.readTree(post("/developer/profile.php", body("access_token", token)).asString()).toString());
        deliver(event(9, "user.disabled", userId, 2, "zhangsan", "张三", "user@example.com", null, "disabled")).statusCode(200);
        expect(post("/developer/profile.php", body("access_token", token)), 401, error(401, "登录已失效"));
    }

    @Test
    void badInputGetsTheEnvelopeNever500() throws Exception {
        String[] malformed = {
                "", "not json", "[]", "null", "{\"appid\":\"1\",\"email\":\"user@example.com\",\"access_token\":\"t\"}",
                "{\"appid\":1.5,\"email\":\"user@example.com\",\"access_token\":\"t\"}",
                "{\"appid\":99999999999999999999999,\"email\":\"user@example.com\",\"access_token\":\"t\"}",
                "{\"appid\":-1,\"email\":\"user@example.com\",\"access_token\":\"t\"}",
                "{\"appid\":1,\"email\":[],\"access_token\":\"t\"}",
                "{\"appid\":1,\"email\":\"user@example.com\",\"access_token\":123}",
                "{\"appid\":1,\"appid\":2,\"email\":\"user@example.com\",\"access_token\":\"t\"}",
                "{\"appid\":1,\"email\":\"" + "x".repeat(400) + "\",\"access_token\":\"t\"}",
                "{\"appid\":1,\"email\":\"user@example.com\",\"access_token\":\"" + "x".repeat(9000) + "\"}",
        };
        for (String body : malformed) {
            expect(post("/developer/profile.php", body), 400, error(400, "参数格式错误"));
        }
        expect(given().contentType(ContentType.TEXT).body(body("access_token", token)).post("/developer/profile.php"), 400,
                error(400, "参数格式错误"));
        expect(given().contentType(ContentType.URLENC).formParam("appid", appId).post("/developer/profile.php"), 400,
                error(400, "参数格式错误"));
        // unicode and injection strings are just data: wrong e-mail, wrong token
        expect(post("/developer/profile.php", "{\"appid\":" + appId + ",\"email\":\"' OR 1=1; DROP TABLE app;--\",\"access_token\":\"" + token + "\"}"),
                401, error(401, "Token验证失败"));
        expect(post("/developer/profile.php", body("access_token", "张三' OR '1'='1")), 401, error(401, "Token验证失败"));
        assertEquals(1, count("SELECT count(*) FROM app WHERE app_id = $1", appId));
    }
}
