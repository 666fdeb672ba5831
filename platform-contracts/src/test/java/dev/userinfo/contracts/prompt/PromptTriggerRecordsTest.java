package dev.userinfo.contracts.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.testing.GoldenFixtures;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The §4 records read and write exactly the golden fixtures of docs/contracts/. */
class PromptTriggerRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String fixture(String name) {
        return GoldenFixtures.read(name);
    }

    @Test
    void theGoldenRequestIsReadAndWrittenBack() throws IOException {
        PromptTriggerRequest request = PromptTriggerRequest.read(JSON.readTree(fixture("prompt-trigger-request.json")));
        assertEquals(new PromptTriggerRequest("demo-app", "https://app.example/callback",
                "user_info_read user_chat_duration_read", "10001", PromptTriggerRequest.CLIENT_TOKEN, null), request);
        assertEquals(10001L, request.userIdNumber());
        assertEquals(JSON.readTree(fixture("prompt-trigger-request.json")), JSON.valueToTree(request));
    }

    @Test
    void aSecretWithoutItsProofIsRefused() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTriggerRequest.read(
                JSON.readTree(fixture("prompt-trigger-request-secret-without-proof.json"))));
        assertEquals("client_secret goes with proof client_secret", e.getMessage());
    }

    @Test
    void whenARequestIsMalformedThenTheMessageSaysWhat() {
        String[][] cases = {
                {"[]", "the body must be a JSON object"},
                {"{\"redirect_uri\":\"r\",\"scope\":\"s\"}", "client_id is required"},
                {"{\"client_id\":5,\"redirect_uri\":\"r\",\"scope\":\"s\"}", "client_id must be a string of at most 2048 characters"},
                {"{\"client_id\":\"a\",\"redirect_uri\":\"r\",\"scope\":\"s\",\"user_id\":\"-1\"}", "user_id must be a decimal number"},
                {"{\"client_id\":\"a\",\"redirect_uri\":\"r\",\"scope\":\"s\",\"user_id\":\"99999999999999999999\"}", "user_id must be a decimal number"},
                {"{\"client_id\":\"a\",\"redirect_uri\":\"r\",\"scope\":\"s\",\"proof\":\"client_secret\"}", "proof must be client_token, or client_secret with a client_secret"},
                {"{\"client_id\":\"a\",\"redirect_uri\":\"r\",\"scope\":\"s\",\"proof\":\"magic\"}", "proof must be client_token, or client_secret with a client_secret"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PromptTriggerRequest.read(JSON.readTree(c[0])), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void theSecretNeverShowsInToString() {
        String text = new PromptTriggerRequest("a", "r", "s", null, PromptTriggerRequest.CLIENT_SECRET, "hunter2").toString();
        assertFalse(text.contains("hunter2"), text);
    }

    @Test
    void theGoldenAnswersAreReadAndWrittenBack() throws IOException {
        for (String name : new String[] {"prompt-trigger-answer.json", "prompt-trigger-answer-unproven.json"}) {
            Map<String, Object> json = JSON.readValue(fixture(name), new TypeReference<Map<String, Object>>() { });
            PromptTriggerAnswer answer = PromptTriggerAnswer.read(json);
            assertEquals(JSON.readTree(fixture(name)), JSON.readTree(JSON.writeValueAsString(answer)), name);
        }
        PromptTriggerAnswer unproven = PromptTriggerAnswer.read(JSON.readValue(fixture("prompt-trigger-answer-unproven.json"),
                new TypeReference<Map<String, Object>>() { }));
        assertNull(unproven.requestId());
        assertFalse(unproven.proven());
    }

    @Test
    void aFieldOfTheWrongTypeCountsAsAbsent() {
        PromptTriggerAnswer answer = PromptTriggerAnswer.read(Map.of("request_id", 7, "authorize_url", "",
                "prompted", "true", "expires_in", "120", "proven", 1));
        assertEquals(new PromptTriggerAnswer(null, null, null, null, null), answer);
        assertTrue(PromptTriggerAnswer.read(Map.of("proven", true)).proven());
    }
}
