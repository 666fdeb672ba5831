package dev.userinfo.info.dialect;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 000 (获取用户信息-自动触发授权): whole bodies for success and each error. The 401s come from the authorization
 * request JwksTestResource's stand-in for auth-service opens by default; {@link ChatroomPromptTriggerTest} scripts it.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class ChatroomAccountInfoTest extends ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AVATAR = "https://cdn.max-c.com/app/heybox/icon_83.5@3x.png?imageMogr2/thumbnail/!100p/format/jpg";
    private long userId;

    @BeforeEach
    void user() {
        JwksTestResource.server().promptReset();
        // the seed's own example user: 玩家8836257 with the seed's avatar
        userId = createUser("player8836257", "玩家8836257", "p@example.com", null);
        sql("UPDATE profile SET avatar_url = $1, chat_duration_seconds = 5400 WHERE user_id = $2", AVATAR, userId);
    }

    private Response call(String token, String query) {
        var spec = given().urlEncodingEnabled(false);
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        return spec.get("/chatroom/api/account/info" + query);
    }

    private static final String QUERY = "?client_id=demo-app&redirect_uri=http%3A%2F%2Flocalhost&scope=user_info_read%20user_chat_duration_read";

    private static JsonNode body(Response response) throws Exception {
        return JSON.readTree(response.asString());
    }

    @Test
    void successIsTheSeedsEnvelope() throws Exception {
        Response r = call(tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read"), QUERY);
        assertEquals(200, r.statusCode());
        assertEquals(JSON.readTree("{\"msg\":\"\",\"result\":{\"avatar\":\"" + AVATAR + "\",\"username\":\"玩家8836257\"},\"status\":\"ok\"}"),
                body(r));
        assertTrue(r.asString().startsWith("{\"msg\":\"\",\"result\":{\"avatar\""), "fields in the seed's order");
    }

    @Test
    void chatDurationOnlyWithItsScope() throws Exception {
        Response r = call(tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read", "user_chat_duration_read"), QUERY);
        assertEquals(JSON.readTree("{\"msg\":\"\",\"result\":{\"avatar\":\"" + AVATAR
                + "\",\"username\":\"玩家8836257\",\"chat_duration\":5400},\"status\":\"ok\"}"), body(r));
    }

    @Test
    void noTokenIs401WithAStatelessAuthorizeUrlOnly() throws Exception {
        Response r = call(null, QUERY + "&user_id=" + userId);
        assertEquals(401, r.statusCode());
        JsonNode body = body(r);
        assertEquals("failed", body.get("status").asText());
        assertEquals("缺少访问令牌，请先授权", body.get("msg").asText());
        assertEquals(List.of("authorize_url"), fieldNames(body.get("result")), "issue #13 item 4: nothing about the user");
        assertFalse(body.get("result").get("authorize_url").asText().contains("state="));
        assertEquals(r.asString(), call(null, QUERY).asString(), "the same for any user_id");
    }

    @Test
    void theAppsOwnClientTokenIs401WithTheAuthorizationRequestAuthServiceOpened() throws Exception {
        Response r = call(tokens().forClient("demo-app"), QUERY + "&user_id=" + userId);
        assertEquals(401, r.statusCode());
        JsonNode body = body(r);
        assertEquals("failed", body.get("status").asText());
        assertEquals("访问令牌无效，请重新授权", body.get("msg").asText());
        JsonNode result = body.get("result");
        assertEquals(List.of("authorize_url", "request_id", "prompted"), fieldNames(result));
        assertTrue(result.get("request_id").asText().matches("pr_test_[0-9]+"), result.toString());
        assertFalse(result.get("prompted").asBoolean());
        assertTrue(result.get("prompted").isBoolean());
        URI authorize = URI.create(result.get("authorize_url").asText());
        assertEquals(JwksTestResource.ISSUER + "/oauth2/authorize", authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath());
        Map<String, String> params = query(authorize.getRawQuery());
        assertEquals("code", params.get("response_type"));
        assertEquals("demo-app", params.get("client_id"));
        assertEquals("http://localhost", params.get("redirect_uri"));
        assertEquals("user_info_read user_chat_duration_read", params.get("scope"));
        assertNotEquals(result.get("request_id").asText(),
                body(call(tokens().forClient("demo-app"), QUERY)).get("result").get("request_id").asText(), "each 401 opens its own request");
        assertEquals(2, JwksTestResource.server().promptRequests().size());
    }

    @Test
    void invalidExpiredAndForeignTokensAre401WithAnAuthorizeUrlOnly() throws Exception {
        String sub = String.valueOf(userId);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("not-a-jwt", "访问令牌无效，请重新授权");
        cases.put(dev.userinfo.jwt.testing.TestTokens.tamperPayload(tokens().forUser(sub, "demo-app", "user_info_read"), "sub", "1"),
                "访问令牌无效，请重新授权");
        cases.put(tokens().token().subject(sub).clientId("demo-app").scope("user_info_read")
                .issuedAt(Instant.now().minusSeconds(3600)).lifetime(Duration.ofMinutes(5)).sign(), "访问令牌已过期，请重新授权");
        cases.put(tokens().forUser(sub, "other-app", "user_info_read"), "访问令牌不属于该应用，请重新授权");
        cases.put(tokens().forClient("other-app", "user_info_read"), "访问令牌不属于该应用，请重新授权");
        for (var c : cases.entrySet()) {
            Response r = call(c.getKey(), QUERY);
            assertEquals(401, r.statusCode(), c.getValue());
            JsonNode body = body(r);
            assertEquals(c.getValue(), body.get("msg").asText());
            assertEquals("failed", body.get("status").asText());
            assertTrue(body.get("result").get("authorize_url").asText()
                    .startsWith(JwksTestResource.ISSUER + "/oauth2/authorize?response_type=code&client_id=demo-app&"), body.toString());
            assertEquals(List.of("authorize_url"), fieldNames(body.get("result")), body.toString());
        }
        assertEquals(cases.size(), JwksTestResource.server().promptRequests().size(), "one authorization request per 401");
    }

    @Test
    void withoutTheScopeIs403() throws Exception {
        Response r = call(tokens().forUser(String.valueOf(userId), "demo-app", "user_chat_duration_read"), QUERY);
        assertEquals(403, r.statusCode());
        JsonNode body = body(r);
        assertEquals("访问令牌缺少 user_info_read 权限", body.get("msg").asText());
        assertEquals("failed", body.get("status").asText());
        // a valid token prompts nobody: the 403 keeps the locally built URL to ask again with the scope
        assertEquals(List.of("authorize_url"), fieldNames(body.get("result")));
        assertTrue(body.get("result").get("authorize_url").asText()
                .startsWith("https://localhost:8443/oauth2/authorize?response_type=code&client_id=demo-app&"));
        assertEquals(List.of(), JwksTestResource.server().promptRequests());
    }

    @Test
    void anotherUsersIdIs403() throws Exception {
        Response r = call(tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read"), QUERY + "&user_id=" + (userId + 1));
        assertEquals(403, r.statusCode());
        assertEquals(JSON.readTree("{\"msg\":\"user_id 不是访问令牌的用户\",\"result\":{},\"status\":\"failed\"}"), body(r));
        assertEquals(200, call(tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read"), QUERY + "&user_id=" + userId).statusCode());
    }

    @Test
    void aDisabledOrUnknownUserIs404() throws Exception {
        deliver(event(2, "user.disabled", userId, 2, "player8836257", "玩家8836257", "", null, "disabled")).statusCode(200);
        Response r = call(tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read"), QUERY);
        assertEquals(404, r.statusCode());
        assertEquals(JSON.readTree("{\"msg\":\"用户不存在或已停用\",\"result\":{},\"status\":\"failed\"}"), body(r));
        assertEquals(404, call(tokens().forUser(String.valueOf(newUserId()), "demo-app", "user_info_read"), QUERY).statusCode());
    }

    @Test
    void badQueriesAre400InTheEnvelope() throws Exception {
        String token = tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("?redirect_uri=x&scope=user_info_read", "缺少参数 client_id");
        cases.put("?client_id=demo-app&scope=user_info_read", "缺少参数 redirect_uri");
        cases.put("?client_id=demo-app&redirect_uri=x", "缺少参数 scope");
        cases.put(QUERY + "&client_id=demo-app", "参数 client_id 重复");
        cases.put(QUERY + "&user_id=abc", "参数 user_id 格式错误");
        cases.put(QUERY + "&user_id=99999999999999999999999", "参数 user_id 格式错误");
        cases.put(QUERY + "&user_id=-1", "参数 user_id 格式错误");
        cases.put(QUERY + "&user_id=%27%20OR%201%3D1--", "参数 user_id 格式错误");
        cases.put("?client_id=" + "a".repeat(3000) + "&redirect_uri=x&scope=y", "参数 client_id 过长");
        for (var c : cases.entrySet()) {
            Response r = call(token, c.getKey());
            assertEquals(400, r.statusCode(), c.getValue());
            assertEquals(JSON.readTree("{\"msg\":\"" + c.getValue() + "\",\"result\":{},\"status\":\"failed\"}"), body(r));
        }
        given().header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token)
                .urlEncodingEnabled(false).get("/chatroom/api/account/info" + QUERY)
                .then().statusCode(400).body("msg", equalTo("Authorization 请求头重复"));
    }

    @Test
    void unicodeAndInjectionInTheQueryOnlyReachTheAuthorizeUrl() throws Exception {
        String hostile = "%E7%8E%A9%E5%AE%B6%27%3B%20DROP%20TABLE%20profile%3B--%3Cscript%3E";
        Response r = call(null, "?client_id=" + hostile + "&redirect_uri=" + hostile + "&scope=" + hostile);
        assertEquals(401, r.statusCode());
        Map<String, String> params = query(URI.create(body(r).get("result").get("authorize_url").asText()).getRawQuery());
        assertEquals("玩家'; DROP TABLE profile;--<script>", params.get("client_id"));
        // auth-service receives the parameters decoded, as JSON strings
        var sent = JwksTestResource.server().promptRequests().get(0).body();
        assertEquals("玩家'; DROP TABLE profile;--<script>", sent.getString("client_id"));
        assertEquals("玩家'; DROP TABLE profile;--<script>", sent.getString("redirect_uri"));
        assertEquals("玩家'; DROP TABLE profile;--<script>", sent.getString("scope"));
        // a token of demo-app is not a token of the hostile client_id
        call(tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read"), "?client_id=" + hostile + "&redirect_uri=x&scope=y")
                .then().statusCode(401).body(not(containsString("Exception")));
        assertEquals(1, count("SELECT count(*) FROM profile WHERE user_id = $1", userId));
        call(tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read"), QUERY).then().statusCode(200)
                .body("result.username", startsWith("玩家"));
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
