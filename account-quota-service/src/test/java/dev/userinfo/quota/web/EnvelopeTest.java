package dev.userinfo.quota.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, 5: seed 003's envelope as new-api answers it (common/gin.go, middleware/auth.go): a success carries
 * {@code data}, a refusal {@code {"message","success":false}} without it, plus our {@code error} code.
 */
class EnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(Response r) {
        return JSON.valueToTree(r.getEntity());
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void aRefusalCarriesNoData() {
        Response r = Envelope.error(404, "user_not_found", "用户不存在");
        assertEquals(404, r.getStatus());
        assertEquals(List.of("message", "success", "error"), keys(body(r)));
        assertEquals(false, body(r).get("success").booleanValue());
    }

    @Test
    void theUnavailableAnswerIsARefusalInChinese() {
        Response r = Envelope.unavailable();
        assertEquals(503, r.getStatus());
        JsonNode b = body(r);
        assertEquals(List.of("message", "success", "error"), keys(b));
        assertEquals("try_again", b.get("error").textValue());
        assertEquals(Envelope.UNAVAILABLE, b.get("message").textValue());
        assertTrue(b.get("message").textValue().codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                == Character.UnicodeScript.HAN), "Chinese like seed 003's other messages");
    }

    @Test
    void aRefusalWithFiguresToShowCarriesThem() {
        Response r = Envelope.error(409, "insufficient_quota", "insufficient quota", Map.of("quota", 0));
        assertEquals(List.of("data", "message", "success", "error"), keys(body(r)));
    }

    @Test
    void aSuccessCarriesDataFirst() {
        assertEquals(List.of("data", "message", "success"), keys(body(Envelope.ok(Map.of("id", 1)))));
    }

    @Test
    void aSuccessWithoutDataStillCarriesDataNull() {
        JsonNode b = body(Envelope.ok(null, "划转成功"));   // new-api's ApiSuccessI18n(c, key, nil)
        assertEquals(List.of("data", "message", "success"), keys(b));
        assertTrue(b.get("data").isNull());
    }

    @Test
    void a401NamesTheBearerScheme() {
        assertEquals("Bearer", Envelope.error(401, "invalid_token", "无效").getHeaderString("WWW-Authenticate"));
    }
}
