package dev.userinfo.contracts.userevent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.testing.GoldenFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The §3 reading both receivers share, against the golden fixtures of docs/contracts/. */
class UserEventValidatorTest {

    private static String event(long seq, String user) {
        return "{\"event_id\":\"e" + seq + "\",\"seq\":" + seq + ",\"type\":\"user.updated\","
                + "\"occurred_at\":\"2026-11-22T08:00:00Z\",\"user\":" + user + "}";
    }

    private static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    private static final String ALICE = "{\"id\":1,\"login\":\"alice\",\"status\":\"active\",\"version\":2}";

    private static void refused(String body, String because) {
        InvalidUserEvents e = assertThrows(InvalidUserEvents.class, () -> UserEventValidator.read(body), body);
        assertTrue(e.getMessage().contains(because), e.getMessage());
    }

    @Test
    void theGoldenBatchIsReadWithEveryField() {
        UserEventBatch batch = UserEventValidator.read(GoldenFixtures.read("user-event-batch.json"));
        assertEquals(3, batch.events().size());
        UserEvent updated = batch.events().get(1);
        assertEquals(42, updated.seq());
        assertEquals("user.updated", updated.type());
        assertEquals(Instant.parse("2026-11-22T08:00:00Z"), updated.occurredAt());
        assertEquals(new UserEvent.User(10001, "alice", "Alice", "alice@example.com", null, "active", 2,
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-22T07:59:58Z"), "203.0.113.7", null),
                updated.user());
        UserEvent.User deleted = batch.events().get(2).user();
        assertTrue(deleted.deleted());
        assertNull(deleted.login());
        assertEquals(4, deleted.version());
    }

    @Test
    void aBatchWhoseSeqIsNotAscendingIsRefused() {
        refused(GoldenFixtures.read("user-event-batch-seq-not-ascending.json"), "events[1].seq");
        refused(batch(event(5, ALICE), event(5, ALICE)), "ascending seq");
    }

    @Test
    void whenAFieldIsMissingOrOfTheWrongTypeThenTheEventIsRefused() {
        refused(batch(ALICE.replace("\"login\":\"alice\",", "")), "events[0]");
        refused(batch(event(1, ALICE.replace("\"login\":\"alice\",", ""))), "events[0].user.login is required");
        refused(batch(event(1, ALICE.replace("\"version\":2", "\"version\":\"2\""))), "user.version must be");
        refused(batch(event(1, ALICE.replace("\"version\":2", "\"version\":99999999999999999999999"))), "user.version");
        refused(batch(event(1, ALICE.replace("\"id\":1", "\"id\":0"))), "user.id must be a positive");
        refused(batch(event(1, ALICE.replace("\"login\":\"alice\"", "\"login\":7"))), "user.login must be a string");
        refused(batch(event(1, ALICE.replace("alice", "a\\u0000b"))), "without NUL");
        refused(batch(event(1, ALICE.replace("active", "sleeping"))), "user.status");
        refused(batch(event(1, ALICE).replace("user.updated", "user.exploded")), "events[0].type");
        refused(batch(event(1, ALICE).replace("\"event_id\":\"e1\",", "")), "event_id is required");
        refused(batch(event(1, ALICE).replace("2026-11-22T08:00:00Z", "yesterday")), "occurred_at must be an RFC 3339");
        refused(batch(event(1, ALICE.replace("}", ",\"created_at\":\"20. November\"}"))), "created_at must be an RFC 3339");
        refused(batch(event(-1, ALICE)), "seq must be a non-negative");
        refused(batch(event(1, "null")), "events[0].user must be an object");
    }

    @Test
    void whenTheBodyIsNotABatchThenItIsRefused() {
        for (String body : new String[] {"", "not json", "[]", "{}", "{\"events\":5}", "{\"events\":[null]}"}) {
            assertThrows(InvalidUserEvents.class, () -> UserEventValidator.read(body), body);
        }
        refused("{\"events\":[],\"events\":[]}", "not JSON");
        List<String> many = new ArrayList<>();
        for (int i = 1; i <= UserEventBatch.MAX_EVENTS + 1; i++) {
            many.add(event(i, ALICE));
        }
        refused(batch(many.toArray(String[]::new)), "at most " + UserEventBatch.MAX_EVENTS + " events");
        assertEquals(UserEventBatch.MAX_EVENTS, UserEventValidator.read(batch(many.subList(0, UserEventBatch.MAX_EVENTS).toArray(String[]::new))).events().size());
    }

    @Test
    void aDeletedUserNeedsOnlyIdStatusAndVersionAndUnknownFieldsAreIgnored() {
        UserEvent.User user = UserEventValidator.read(batch(event(1,
                "{\"id\":3,\"status\":\"deleted\",\"version\":9,\"future_field\":{\"x\":1}}"))).events().get(0).user();
        assertEquals(new UserEvent.User(3, null, null, null, null, "deleted", 9, null, null, null, null), user);
        assertEquals("code", UserEventValidator.read(batch(event(1, ALICE.replace("}", ",\"inviter_aff_code\":\"code\"}"))))
                .events().get(0).user().inviterAffCode());
    }
}
