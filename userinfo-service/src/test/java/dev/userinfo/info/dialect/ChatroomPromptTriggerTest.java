package dev.userinfo.info.dialect;

import static dev.userinfo.info.dialect.ChatroomAccountInfoTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.JwksTestServer;
import dev.userinfo.jwt.testing.JwksTestServer.PromptRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's 自动触发授权 (docs/internal-contracts.md §4): what userinfo-service sends to auth-service's
 * {@code POST /internal/prompts} and how each answer becomes seed 000's. auth-service is not under test here: its
 * answers are scripted on JwksTestResource's stand-in ({@link JwksTestServer#promptAnswer}), which records the calls.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class ChatroomPromptTriggerTest extends ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "?client_id=demo-app&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback"
            + "&scope=user_info_read%20user_chat_duration_read";
    private static final Path LOG = Path.of("target/quarkus-test.log");
    private long userId;

    @BeforeEach
    void user() {
        stub().promptReset();
        userId = createUser("prompted" + System.nanoTime(), "玩家", "p@example.com", null);
    }

    @AfterEach
    void reset() {
        stub().promptReset();
    }

    private static JwksTestServer stub() {
        return JwksTestResource.server();
    }

    private Response call(String token, String query) {
        var spec = given().urlEncodingEnabled(false);
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        return spec.get("/chatroom/api/account/info" + query);
    }

    private static JsonNode tree(String text) throws IOException {
        return JSON.readTree(text);
    }

    private Response callBasic(String clientId, String secret, String query) {
        return given().urlEncodingEnabled(false)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .get("/chatroom/api/account/info" + query);
    }

    @Test
    void authServicesRequestIsThe401sResultInTheContractsOrder() {
        stub().promptAnswer(200, """
                {"request_id":"pr_Zk3abc","authorize_url":"https://auth.example/oauth2/authorize?response_type=code&state=s1",
                 "prompted":true,"expires_in":120,"proven":true}""", Map.of());
        // The app proves itself with its own client token, or its secret as HTTP Basic (issue #13 item 4).
        Response r = call(tokens().forClient("demo-app", "user_info_read"), QUERY + "&user_id=" + userId);
        assertEquals(401, r.statusCode());
        assertEquals("{\"msg\":\"访问令牌无效，请重新授权\",\"result\":{\"authorize_url\":"
                + "\"https://auth.example/oauth2/authorize?response_type=code&state=s1\",\"request_id\":\"pr_Zk3abc\","
                + "\"prompted\":true},\"status\":\"failed\"}", r.asString(), "exact body, expires_in not passed on");
        r = callBasic("demo-app", JwksTestServer.PROMPT_APP_SECRET, QUERY + "&user_id=" + userId);
        assertEquals("{\"msg\":\"缺少访问令牌，请先授权\",\"result\":{\"authorize_url\":"
                + "\"https://auth.example/oauth2/authorize?response_type=code&state=s1\",\"request_id\":\"pr_Zk3abc\","
                + "\"prompted\":true},\"status\":\"failed\"}", r.asString());

        // Unproven: only the authorize_url goes on, whatever else the answer held.
        stub().promptAnswer(200, """
                {"request_id":"pr_other","authorize_url":"https://auth.example/a","prompted":true,"proven":false}""", Map.of());
        r = call(tokens().forUser(String.valueOf(userId), "other-app", "user_info_read"), QUERY);
        assertEquals(401, r.statusCode());
        assertEquals("{\"msg\":\"访问令牌不属于该应用，请重新授权\",\"result\":{\"authorize_url\":\"https://auth.example/a\"},"
                + "\"status\":\"failed\"}", r.asString());
    }

    @Test
    void everyUnauthorizedReasonTriggersWithItsOwnMessage() throws Exception {
        stub().promptAnswer(200, "{\"authorize_url\":\"https://auth.example/x\",\"prompted\":false,\"proven\":false}", Map.of());
        String sub = String.valueOf(userId);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(null, "缺少访问令牌，请先授权");
        cases.put("not-a-jwt", "访问令牌无效，请重新授权");
        cases.put(tokens().forClient("other-app", "user_info_read"), "访问令牌不属于该应用，请重新授权");
        cases.put(tokens().token().subject(sub).clientId("demo-app").scope("user_info_read")
                .issuedAt(java.time.Instant.now().minusSeconds(3600)).lifetime(Duration.ofMinutes(5)).sign(), "访问令牌已过期，请重新授权");
        cases.put(tokens().forUser(sub, "other-app", "user_info_read"), "访问令牌不属于该应用，请重新授权");
        for (var c : cases.entrySet()) {
            Response r = call(c.getKey(), QUERY);
            assertEquals(401, r.statusCode(), c.getValue());
            assertEquals(tree("{\"msg\":\"" + c.getValue() + "\",\"result\":{\"authorize_url\":\"https://auth.example/x\"},"
                    + "\"status\":\"failed\"}"), tree(r.asString()));
        }
        assertEquals(cases.size(), stub().promptRequests().size());
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        cases.keySet().stream().filter(token -> token != null && token.length() > 20)
                .forEach(token -> assertFalse(log.contains(token), "a token reached the log"));
    }

    @Test
    void theRequestCarriesTheQueryDecodedTheProofTheUserAsADecimalStringAndBasicAuth() throws Exception {
        call(tokens().forClient("demo-app"), QUERY + "&user_id=" + userId).then().statusCode(401);
        call(tokens().forClient("demo-app"), QUERY).then().statusCode(401);
        call(tokens().forClient("demo-app"), QUERY + "&user_id=").then().statusCode(401);
        callBasic("demo-app", "s3cret%3Awith%25colon", QUERY + "&user_id=" + userId).then().statusCode(401);
        call(null, QUERY + "&user_id=" + userId).then().statusCode(401);
        callBasic("other-app", "s3cret", QUERY + "&user_id=" + userId).then().statusCode(401);
        List<PromptRequest> sent = stub().promptRequests();
        assertEquals(6, sent.size());
        assertEquals(tree("{\"client_id\":\"demo-app\",\"redirect_uri\":\"https://app.example/callback\","
                + "\"scope\":\"user_info_read user_chat_duration_read\",\"user_id\":\"" + userId + "\",\"proof\":\"client_token\"}"),
                tree(sent.get(0).body().encode()));
        assertEquals(tree("{\"client_id\":\"demo-app\",\"redirect_uri\":\"https://app.example/callback\","
                + "\"scope\":\"user_info_read user_chat_duration_read\",\"proof\":\"client_token\"}"), tree(sent.get(1).body().encode()),
                "no user_id: absent");
        assertFalse(sent.get(2).body().containsKey("user_id"), "an empty user_id is none");
        assertEquals("client_secret", sent.get(3).body().getString("proof"));
        assertEquals("s3cret:with%colon", sent.get(3).body().getString("client_secret"), "RFC 6749 §2.3.1: the secret form-decoded");
        assertEquals(tree("{\"client_id\":\"demo-app\",\"redirect_uri\":\"https://app.example/callback\","
                + "\"scope\":\"user_info_read user_chat_duration_read\"}"), tree(sent.get(4).body().encode()),
                "unproven: no user_id, no proof");
        assertEquals(sent.get(4).body(), sent.get(5).body(), "Basic for another client_id is no proof");
        assertTrue(sent.stream().allMatch(PromptRequest::basicAuthMatched), "platform.jwt.client-id/secret as Basic");
    }

    @Test
    void refusalsAre400WithTheContractsMessages() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"error\":\"unknown_client\",\"error_description\":\"no such client\"}", "client_id 无效");
        cases.put("{\"error\":\"invalid_redirect_uri\",\"error_description\":\"not registered\"}", "redirect_uri 未注册");
        cases.put("{\"error\":\"invalid_scope\",\"error_description\":\"scope x\"}", "scope 无效");
        cases.put("{\"error\":\"invalid_request\",\"error_description\":\"a public client must use PKCE\"}",
                "授权请求无效: a public client must use PKCE");
        cases.put("{\"error\":\"invalid_request\"}", "授权请求无效");
        for (var c : cases.entrySet()) {
            stub().promptAnswer(400, c.getKey(), Map.of());
            Response r = call(null, QUERY + "&user_id=" + userId);
            assertEquals(400, r.statusCode(), c.getValue());
            assertEquals("{\"msg\":\"" + c.getValue() + "\",\"result\":{},\"status\":\"failed\"}", r.asString());
        }
    }

    @Test
    void slowDownIs429WithRetryAfterPassedThrough() {
        stub().promptAnswer(429, "{\"error\":\"slow_down\",\"error_description\":\"too many\"}", Map.of("Retry-After", "37"));
        Response r = call(null, QUERY + "&user_id=" + userId);
        assertEquals(429, r.statusCode());
        assertEquals("37", r.header("Retry-After"));
        assertEquals("{\"msg\":\"授权请求过于频繁，请稍后重试\",\"result\":{},\"status\":\"failed\"}", r.asString());

        stub().promptAnswer(429, "{\"error\":\"slow_down\"}", Map.of());
        r = call(null, QUERY);
        assertEquals(429, r.statusCode());
        assertNull(r.header("Retry-After"), "none sent, none invented");
    }

    @Test
    void authServiceRefusingUsFailingOrMuteFallsBackToALocalAuthorizeUrl() throws Exception {
        Map<String, Runnable> outages = new LinkedHashMap<>();
        outages.put("HTTP 401 invalid_client", () -> stub().promptAnswer(401, "{\"error\":\"invalid_client\"}", Map.of()));
        outages.put("HTTP 500", () -> stub().promptAnswer(500, "<html>oops</html>", Map.of()));
        outages.put("HTTP 503 temporarily_unavailable",
                () -> stub().promptAnswer(503, "{\"error\":\"temporarily_unavailable\"}", Map.of()));
        outages.put("HTTP 200", () -> stub().promptAnswer(200, "{\"request_id\":\"pr_1\"}", Map.of()));
        outages.put("HTTP 400 something_new", () -> stub().promptAnswer(400, "{\"error\":\"something_new\"}", Map.of()));
        outages.put("closed", () -> stub().promptUnanswered());
        for (var outage : outages.entrySet()) {
            outage.getValue().run();
            long logged = Files.size(LOG);
            assertLocalFallback(call(null, QUERY + "&user_id=" + userId), outage.getKey(), false);
            assertLocalFallback(callBasic("demo-app", JwksTestServer.PROMPT_APP_SECRET, QUERY + "&user_id=" + userId),
                    outage.getKey(), true);
            String log = logSince(logged);
            assertTrue(log.contains("WARN") && log.contains("Authorization prompt not opened at auth-service"), outage.getKey() + ": " + log);
            if (outage.getKey().startsWith("HTTP")) {
                assertTrue(log.contains("(" + outage.getKey() + ")"), log);
            }
        }
        assertEquals(2 * outages.size(), stub().promptRequests().size(), "each 401 asked auth-service first");
        assertNoSecretLogged();
    }

    @Test
    void aSilentAuthServiceCostsAtMostTheTimeout() throws Exception {
        stub().promptDelay(Duration.ofSeconds(6));
        long start = System.nanoTime();
        Response r = call(tokens().forClient("demo-app"), QUERY + "&user_id=" + userId);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertLocalFallback(r, "timeout", true);
        assertTrue(millis >= 1900 && millis < 4500, "userinfo.prompts.timeout is 2s, took " + millis + " ms");
    }

    /** The local authorize_url: with a fresh state and prompted false for a proven call, bare for an unproven one. */
    private void assertLocalFallback(Response r, String why, boolean proven) throws Exception {
        assertEquals(401, r.statusCode(), why);
        JsonNode body = tree(r.asString());
        assertTrue(body.get("msg").asText().endsWith("请重新授权") || body.get("msg").asText().equals("缺少访问令牌，请先授权"), why);
        assertEquals("failed", body.get("status").asText(), why);
        JsonNode result = body.get("result");
        if (!proven) {
            assertEquals(List.of("authorize_url"), ChatroomAccountInfoTest.fieldNames(result), why + ": nothing but the URL");
            assertFalse(result.get("authorize_url").asText().contains("state="), why + ": no state");
            return;
        }
        assertEquals(List.of("authorize_url", "prompted"), ChatroomAccountInfoTest.fieldNames(result), why + ": no request_id");
        assertTrue(result.get("prompted").isBoolean() && !result.get("prompted").asBoolean(), why);
        URI authorize = URI.create(result.get("authorize_url").asText());
        assertEquals("https://localhost:8443/oauth2/authorize", authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath());
        Map<String, String> params = query(authorize.getRawQuery());
        assertEquals("code", params.get("response_type"));
        assertEquals("demo-app", params.get("client_id"));
        assertEquals("https://app.example/callback", params.get("redirect_uri"));
        assertEquals("user_info_read user_chat_duration_read", params.get("scope"));
        assertTrue(params.get("state").matches("[A-Za-z0-9_-]{22}"), "128 random bits, base64url");
    }

    @Test
    void aValidTokenAndA403NeverAskAuthService() {
        String token = tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read");
        call(token, QUERY + "&user_id=" + userId).then().statusCode(200);
        call(tokens().forUser(String.valueOf(userId), "demo-app", "user_chat_duration_read"), QUERY).then().statusCode(403);
        call(token, QUERY + "&user_id=" + (userId + 1)).then().statusCode(403);
        assertEquals(List.of(), stub().promptRequests());
    }

    @Test
    void aMalformedQueryIs400WithoutAskingAuthService() throws Exception {
        for (String query : List.of(QUERY + "&user_id=abc", QUERY + "&user_id=-1", QUERY + "&user_id=99999999999999999999")) {
            Response r = call(null, query);
            assertEquals(400, r.statusCode(), query);
            assertEquals("{\"msg\":\"参数 user_id 格式错误\",\"result\":{},\"status\":\"failed\"}", r.asString());
        }
        call(null, "?client_id=demo-app&scope=user_info_read").then().statusCode(400);
        assertEquals(List.of(), stub().promptRequests());
    }

    private static String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
    }

    private static void assertNoSecretLogged() throws IOException {
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString(
                (JwksTestServer.CLIENT_ID + ":" + JwksTestServer.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        assertFalse(log.contains(JwksTestServer.CLIENT_SECRET), "client secret logged");
        assertFalse(log.contains(basic), "Basic credentials logged");
        assertFalse(log.contains("Authorization: Basic"), "Authorization header logged");
    }
}
