package dev.userinfo.info.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.userinfo.contracts.prompt.PromptTriggerAnswer;
import dev.userinfo.contracts.testing.GoldenFixtures;
import dev.userinfo.info.prompt.PromptOutcome.Opened;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The calling side of docs/internal-contracts.md §4 against its golden fixtures: what PromptTrigger sends is
 * docs/contracts/prompt-trigger-request.json, and it reads auth-service's answers of prompt-trigger-answer*.json.
 */
class PromptTriggerContractTest {

    private static JsonObject fixture(String name) {
        return new JsonObject(GoldenFixtures.read(name));
    }

    private static final String APP = "demo-app";
    private static final String REDIRECT = "https://app.example/callback";
    private static final String SCOPE = "user_info_read user_chat_duration_read";

    @Test
    void whenTheAppProvedItselfWithItsTokenThenTheGoldenRequestIsSent() {
        assertEquals(fixture("prompt-trigger-request.json"),
                JsonObject.mapFrom(PromptTrigger.request(APP, REDIRECT, SCOPE, 10001L, new PromptOutcome.Proof.ClientToken())));
    }

    @Test
    void whenTheAppDidNotProveItselfThenNoUserIsNamed() {
        JsonObject sent = JsonObject.mapFrom(PromptTrigger.request(APP, REDIRECT, SCOPE, 10001L, PromptOutcome.Proof.NONE));
        assertEquals(new JsonObject().put("client_id", APP).put("redirect_uri", REDIRECT).put("scope", SCOPE), sent);
        JsonObject secret = JsonObject.mapFrom(PromptTrigger.request(APP, REDIRECT, SCOPE, null,
                new PromptOutcome.Proof.ClientSecret("s3cret")));
        assertEquals("client_secret", secret.getString("proof"));
        assertEquals("s3cret", secret.getString("client_secret"));
        assertNull(secret.getValue("user_id"));
    }

    @Test
    void theGoldenAnswersAreUnderstood() {
        JsonObject proven = fixture("prompt-trigger-answer.json");
        assertEquals(new Opened(proven.getString("authorize_url"), "pr_Zk3q8W1xYv", true),
                PromptTrigger.opened(PromptTriggerAnswer.read(proven.getMap()), true));
        JsonObject unproven = fixture("prompt-trigger-answer-unproven.json");
        assertEquals(new Opened(unproven.getString("authorize_url"), null, null),
                PromptTrigger.opened(PromptTriggerAnswer.read(unproven.getMap()), false));
        // A proven answer to a call that claimed no proof tells nothing about the user: not the contract, fallback.
        assertNull(PromptTrigger.opened(PromptTriggerAnswer.read(proven.getMap()), false));
        assertNull(PromptTrigger.opened(PromptTriggerAnswer.read(proven.copy().put("authorize_url", 5).getMap()), true));
    }
}
