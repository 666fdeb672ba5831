package dev.userinfo.info.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #13 item 4, userinfo-service's side: seed 000's tokenless call as a stranger who knows only an app's public
 * client_id and redirect_uri. auth-service is JwksTestResource's stand-in, answering as docs/internal-contracts.md §4
 * says (its own rules are attacked in auth-service's SeedZeroTriggerAttackTest); it records what reached it.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
@TestProfile(SeedZeroTriggerAttackTest.LowAnonymousLimit.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedZeroTriggerAttackTest extends ServiceTest {

    static final int LIMIT = 10;

    /** A per-address limit a test can reach. */
    public static class LowAnonymousLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("userinfo.prompts.anonymous-rate-limit", Integer.toString(LIMIT));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "/chatroom/api/account/info?client_id=demo-app"
            + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=user_info_read%20user_chat_duration_read";
    private long alice;

    @BeforeEach
    void reset() {
        stub().promptReset();
        alice = createUser("attacked" + System.nanoTime(), "玩家", "a@example.com", null);
    }

    private static JwksTestServer stub() {
        return JwksTestResource.server();
    }

    private Response call(String authorization, String query) {
        var spec = given().urlEncodingEnabled(false);
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        return spec.get(query);
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void anonymousTriggersForAKnownUserAStrangerAndNobodyAreByteIdenticalAndNameNoUser() throws Exception {
        Response forAlice = call(null, QUERY + "&user_id=" + alice);
        Response forStranger = call(null, QUERY + "&user_id=" + (alice + 1_000_000));
        Response forNobody = call(null, QUERY);
        assertEquals(401, forAlice.statusCode());
        assertEquals(forAlice.asString(), forStranger.asString());
        assertEquals(forAlice.asString(), forNobody.asString());
        JsonNode result = JSON.readTree(forAlice.asString()).get("result");
        assertEquals(1, result.size(), "only authorize_url: " + result);
        assertNull(result.get("prompted"));
        assertNull(result.get("request_id"));
        assertFalse(result.get("authorize_url").asText().contains("state="), result.toString());
        // auth-service was never told whom the stranger named, nor that anyone proved anything.
        List<PromptRequest> sent = stub().promptRequests();
        assertEquals(3, sent.size());
        for (PromptRequest request : sent) {
            assertFalse(request.body().containsKey("user_id"), request.body().encode());
            assertFalse(request.body().containsKey("proof"), request.body().encode());
        }
    }

    @Test
    @Order(2)
    void anotherAppsClientTokenOrAWrongSecretIsNoProof() throws Exception {
        String strangers = JSON.readTree(call(null, QUERY + "&user_id=" + alice).asString()).get("result").toString();
        Response otherApp = call("Bearer " + tokens().forClient("other-app", "user_info_read"), QUERY + "&user_id=" + alice);
        assertEquals(401, otherApp.statusCode());
        assertEquals(strangers, JSON.readTree(otherApp.asString()).get("result").toString());
        Response wrongSecret = call(basic("demo-app", "guessed"), QUERY + "&user_id=" + alice);
        assertEquals(401, wrongSecret.statusCode());
        assertEquals(strangers, JSON.readTree(wrongSecret.asString()).get("result").toString(), "auth-service said: not proven");
        assertFalse(stub().promptRequests().get(1).body().containsKey("proof"), "another app's token is not forwarded as proof");
        // The app's own proof does get the request and prompted.
        JsonNode proven = JSON.readTree(call(basic("demo-app", JwksTestServer.PROMPT_APP_SECRET), QUERY + "&user_id=" + alice).asString());
        assertTrue(proven.get("result").get("request_id").asText().startsWith("pr_test_"), proven.toString());
        assertTrue(proven.get("result").get("prompted").isBoolean());
    }

    @Test
    @Order(3)
    void anonymousCallsFromOneAddressGet429AfterTheLimitWhileTheProvenAppStillGetsItsPrompt() throws Exception {
        Response limited = null;
        int calls = 0;
        // Earlier tests of this class used part of this minute's allowance; a new minute allows LIMIT more.
        while (calls < 2 * LIMIT + 1) {
            calls++;
            Response r = call(null, QUERY + "&user_id=" + alice);
            if (r.statusCode() == 429) {
                limited = r;
                break;
            }
            assertEquals(401, r.statusCode());
        }
        assertNotNull(limited, "no 429 after " + calls + " anonymous calls from one address");
        assertEquals("{\"msg\":\"授权请求过于频繁，请稍后重试\",\"result\":{},\"status\":\"failed\"}", limited.asString());
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        int asked = stub().promptRequests().size();
        assertEquals(calls - 1, asked, "the limited call never reached auth-service");
        // Still limited, and a secret guess from the same address is limited too.
        assertEquals(429, call(null, QUERY).statusCode());
        assertEquals(429, call(basic("demo-app", "guess-" + calls), QUERY + "&user_id=" + alice).statusCode());
        assertEquals(asked, stub().promptRequests().size());
        // The app proving itself with its own client token is limited per app at auth-service, not here.
        Response proven = call("Bearer " + tokens().forClient("demo-app"), QUERY + "&user_id=" + alice);
        assertEquals(401, proven.statusCode(), proven.asString());
        assertTrue(JSON.readTree(proven.asString()).get("result").get("request_id").asText().startsWith("pr_test_"));
        assertEquals("client_token", stub().promptRequests().get(asked).body().getString("proof"));
    }
}
