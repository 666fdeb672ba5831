package dev.userinfo.auth.prompt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Request ids: only ids this service could have made are looked up. Plain unit test. */
class PromptIdsTest {

    @Test
    void whenAnIdIsNewThenItIsWellFormedAndUnique() {
        String id = PromptIds.newId();
        assertTrue(PromptIds.wellFormed(id), id);
        assertNotEquals(id, PromptIds.newId());
        assertNotEquals(PromptIds.newState(), PromptIds.newState());
    }

    @Test
    void whenAnIdIsNotOneOfOursThenItIsNotWellFormed() {
        assertFalse(PromptIds.wellFormed(null));
        assertFalse(PromptIds.wellFormed(""));
        assertFalse(PromptIds.wellFormed("pr_" + "a".repeat(21)), "too short");
        assertFalse(PromptIds.wellFormed("pr_" + "a".repeat(23)), "too long");
        assertFalse(PromptIds.wellFormed("px_" + "a".repeat(22)), "wrong prefix");
        assertFalse(PromptIds.wellFormed("pr_" + "a".repeat(21) + "%"), "not base64url");
        assertFalse(PromptIds.wellFormed("pr_" + "a".repeat(21) + "'"), "no SQL in an id");
        assertTrue(PromptIds.wellFormed("pr_" + "A-z_09".repeat(3) + "abcd"));
    }
}
