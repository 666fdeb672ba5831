package dev.userinfo.auth.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A prompt's status: what is stored and polled, and which changes are allowed. Plain unit test. */
class PromptStatusTest {

    @Test
    void whenPendingThenItMayBecomeAnyOtherStatusOnce() {
        assertTrue(PromptStatus.PENDING.canBecome(PromptStatus.APPROVED));
        assertTrue(PromptStatus.PENDING.canBecome(PromptStatus.DENIED));
        assertTrue(PromptStatus.PENDING.canBecome(PromptStatus.EXPIRED));
        assertFalse(PromptStatus.PENDING.canBecome(PromptStatus.PENDING));
    }

    @Test
    void whenAnsweredOrExpiredThenItNeverChangesAgain() {
        for (PromptStatus done : new PromptStatus[] {PromptStatus.APPROVED, PromptStatus.DENIED, PromptStatus.EXPIRED}) {
            for (PromptStatus next : PromptStatus.values()) {
                assertFalse(done.canBecome(next), done + " -> " + next);
            }
        }
    }

    @Test
    void theUsersDecisionIsApprovedOrDenied() {
        assertEquals(PromptStatus.APPROVED, PromptStatus.answer(true));
        assertEquals(PromptStatus.DENIED, PromptStatus.answer(false));
    }

    @Test
    void theWireAndTheColumnUseTheLowerCaseNames() throws Exception {
        for (PromptStatus status : PromptStatus.values()) {
            assertEquals(status, PromptStatus.of(status.wire()));
        }
        assertEquals("\"expired\"", new ObjectMapper().writeValueAsString(PromptStatus.EXPIRED));
        assertThrows(IllegalArgumentException.class, () -> PromptStatus.of("cancelled"));
    }
}
