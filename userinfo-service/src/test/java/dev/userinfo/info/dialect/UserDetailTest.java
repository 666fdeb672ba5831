package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 002 (获取用户详情信息): the seed's example rebuilt with our data, every error status, masking, directory access. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class UserDetailTest extends SeedExampleUsers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong APPS = new AtomicLong(System.nanoTime() % 1_000_000 * 10 + 2_000_000);
    private long userId;
    private String clientId;

    @BeforeEach
    void data() {
        userId = seed002User();
        clientId = "app-" + APPS.incrementAndGet();
    }

    private Response call(String token, String userIdParam, String appId) {
        var spec = given();
        if (appId != null) {
            spec.header("X-App-Id", appId);
        }
        if (token != null) {
            spec.queryParam("accessToken", token);
        }
        if (userIdParam != null) {
            spec.queryParam("userId", userIdParam);
        }
        return spec.get("/user/info");
    }

    private void expect(Response r, int status, String body) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(JSON.readTree(body), JSON.readTree(r.asString()));
    }

    private static String fail(int code, String message) {
        return "{\"code\":" + code + ",\"data\":{},\"message\":\"" + message + "\",\"status\":\"fail\"}";
    }

    @Test
    void theSeedsExampleWithOurData() throws Exception {
        String token = tokens().forUser(String.valueOf(userId), clientId, "profile", "org_read");
        Response r = call(token, String.valueOf(userId), clientId);
        expect(r, 200, """
                {"code":200,"status":"success","message":"请求成功","data":{"userId":"%d","nickname":"t**","gender":1,
                 "account":"Test2022#11111111","avatar":"","phone":"+86*******5678","email":"t***@example.com",
                 "orgList":[{"orgId":"1594497749264621570","orgCode":"10020027","orgName":"027 新增职业高中测试",
                             "roleList":[{"roleId":"8","roleCode":"js_000008","roleName":"教职工"}]}]}}""".formatted(userId));
        assertEquals(0, r.asString().indexOf("{\"code\":200,\"status\":\"success\",\"message\":\"请求成功\",\"data\":{\"userId\""));
    }

    @Test
    void phoneAndEmailInClearWithTheirScopesOrgsOnlyWithOrgRead() throws Exception {
        String token = tokens().forUser(String.valueOf(userId), clientId, "profile", "phone", "email");
        expect(call(token, String.valueOf(userId), clientId), 200, """
                {"code":200,"status":"success","message":"请求成功","data":{"userId":"%d","nickname":"t**","gender":1,
                 "account":"Test2022#11111111","avatar":"","phone":"+8613812345678","email":"tom@example.com","orgList":[]}}"""
                .formatted(userId));
    }

    @Test
    void everyErrorStatus() throws Exception {
        String sub = String.valueOf(userId);
        String good = tokens().forUser(sub, clientId, "profile");
        expect(call(null, sub, clientId), 400, fail(400, "缺少参数: accessToken"));
        expect(call(good, null, clientId), 400, fail(400, "缺少参数: userId"));
        expect(call(good, sub, null), 400, fail(400, "缺少请求头: X-App-Id"));
        expect(call(good, "abc", clientId), 400, fail(400, "参数格式错误: userId"));
        expect(call(good, "99999999999999999999", clientId), 400, fail(400, "参数格式错误: userId"));
        expect(call(good, "1 OR 1=1", clientId), 400, fail(400, "参数格式错误: userId"));
        expect(given().header("X-App-Id", clientId).queryParam("accessToken", good).queryParam("userId", sub, sub).get("/user/info"),
                400, fail(400, "参数重复: userId"));
        expect(given().header("X-App-Id", clientId).header("X-App-Id", "other").queryParam("accessToken", good)
                .queryParam("userId", sub).get("/user/info"), 400, fail(400, "请求头重复: X-App-Id"));
        expect(call("AT-4-Q8z-8PhSfm4RYp10WUcpuWSXbjpUIRtW", sub, clientId), 401, fail(401, "accessToken无效"));
        expect(call(tokens().token().subject(sub).clientId(clientId).scope("profile").issuedAt(Instant.now().minusSeconds(7200))
                .lifetime(Duration.ofMinutes(5)).sign(), sub, clientId), 401, fail(401, "accessToken已过期"));
        expect(call(good, sub, "1"), 403, fail(403, "accessToken不属于X-App-Id指定的应用"));
        expect(call(tokens().forUser(sub, clientId, "openid"), sub, clientId), 403, fail(403, "accessToken无权读取用户信息"));
        long other = createUser("other", "Other", "", null);
        expect(call(good, String.valueOf(other), clientId), 403, fail(403, "无权读取该用户的信息"));
        expect(call(tokens().forUser(String.valueOf(newUserId()), clientId, "profile"), null, clientId), 400, fail(400, "缺少参数: userId"));
        long unknown = newUserId();
        expect(call(tokens().forUser(String.valueOf(unknown), clientId, "profile"), String.valueOf(unknown), clientId), 404, fail(404, "用户不存在"));
    }

    @Test
    void directoryAccessIsGrantedByAnAdminAndDeniedByDefault() throws Exception {
        long other = createUser("other2", "Zed", "", null);
        String client = tokens().forClient(clientId, "profile");
        expect(call(client, String.valueOf(other), clientId), 403, fail(403, "无权读取该用户的信息"));
        long appId = APPS.incrementAndGet();
        registerApp(appId, clientId);
        admin().contentType(ContentType.JSON).body("{\"directory_access\":true}").put("/admin/apps/" + appId).then().statusCode(200);
        Response r = call(client, String.valueOf(other), clientId);
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("Z**", JSON.readTree(r.asString()).get("data").get("nickname").asText());
        admin().contentType(ContentType.JSON).body("{\"directory_access\":false}").put("/admin/apps/" + appId).then().statusCode(200);
        expect(call(client, String.valueOf(other), clientId), 403, fail(403, "无权读取该用户的信息"));
    }

    @Test
    void theQueryTokenNeverReachesALogLine() throws Exception {
        String token = tokens().forUser(String.valueOf(userId), clientId, "profile");
        call(token, String.valueOf(userId), clientId).then().statusCode(200);
        call(token + "x", String.valueOf(userId), clientId).then().statusCode(401);
        Path log = Path.of("target/quarkus-test.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String text = Files.readString(log);
        while (!text.contains("/user/info") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            text = Files.readString(log);
        }
        // the access log has the request (path only: %R in quarkus.http.access-log.pattern) but never the token
        assertFalse(!text.contains("GET /user/info"), "the access log line is written");
        assertFalse(text.contains(token.substring(token.lastIndexOf('.') + 1)), "token in the log");
    }
}
