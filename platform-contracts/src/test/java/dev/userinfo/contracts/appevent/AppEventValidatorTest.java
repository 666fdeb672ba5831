package dev.userinfo.contracts.appevent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.testing.GoldenFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The §5 reading of the app feed, against the golden fixtures of docs/contracts/; batch rules shared with §3. */
class AppEventValidatorTest {

    private static final String DEMO = "{\"appid\":1,\"client_id\":\"demo-app\",\"name\":\"Demo\",\"status\":\"active\",\"version\":2}";

    private static String event(long seq, String app) {
        return "{\"event_id\":\"e" + seq + "\",\"seq\":" + seq + ",\"type\":\"app.updated\","
                + "\"occurred_at\":\"2026-11-22T08:00:00Z\",\"app\":" + app + "}";
    }

    private static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    private static void refused(String body, String because) {
        InvalidAppEvents e = assertThrows(InvalidAppEvents.class, () -> AppEventValidator.read(body), body);
        assertTrue(e.getMessage().contains(because), e.getMessage());
    }

    @Test
    void theGoldenBatchIsReadWithEveryField() {
        AppEventBatch batch = AppEventValidator.read(GoldenFixtures.read("app-event-batch.json"));
        assertEquals(3, batch.events().size());
        AppEvent disabled = batch.events().get(1);
        assertEquals(8, disabled.seq());
        assertEquals("app.disabled", disabled.type());
        assertEquals(Instant.parse("2026-11-22T08:00:00Z"), disabled.occurredAt());
        assertEquals(new AppEvent.App(1, "demo-app", "Demo app", "disabled", 2), disabled.app());
        AppEvent.App deleted = batch.events().get(2).app();
        assertTrue(deleted.deleted());
        assertNull(deleted.clientId());
        assertEquals(5, deleted.version());
    }

    @Test
    void theRefusedGoldenBatchIsRefused() {
        refused(GoldenFixtures.read("app-event-batch-without-client-id.json"), "events[0].app.client_id is required");
    }

    @Test
    void whenAFieldIsMissingOrOfTheWrongTypeThenTheEventIsRefused() {
        refused(batch(event(1, DEMO.replace("\"name\":\"Demo\",", ""))), "events[0].app.name is required");
        refused(batch(event(1, DEMO.replace("\"Demo\"", "\" \""))), "name is required unless the app is deleted");
        refused(batch(event(1, DEMO.replace("\"appid\":1", "\"appid\":\"1\""))), "app.appid must be an integer");
        refused(batch(event(1, DEMO.replace("\"appid\":1", "\"appid\":0"))), "app.appid must be a positive");
        refused(batch(event(1, DEMO.replace("\"version\":2", "\"version\":-2"))), "app.version must be a positive");
        refused(batch(event(1, DEMO.replace("active", "paused"))), "app.status");
        refused(batch(event(1, DEMO).replace("app.updated", "user.updated")), "events[0].type");
        refused(batch(event(1, DEMO).replace("\"app\":", "\"user\":")), "events[0].app must be an object");
        refused(batch(event(2, DEMO), event(1, DEMO)), "ascending seq");
    }

    @Test
    void theBatchLimitIsTheUserFeeds() {
        List<String> many = new ArrayList<>();
        for (int i = 1; i <= AppEventBatch.MAX_EVENTS + 1; i++) {
            many.add(event(i, DEMO));
        }
        refused(batch(many.toArray(String[]::new)), "at most " + AppEventBatch.MAX_EVENTS + " events");
        assertThrows(InvalidAppEvents.class, () -> AppEventValidator.read("{\"events\":[],\"events\":[]}"));
    }

    @Test
    void aDeletedAppNeedsOnlyAppidStatusAndVersionAndUnknownFieldsAreIgnored() {
        AppEvent.App app = AppEventValidator.read(batch(event(1,
                "{\"appid\":3,\"status\":\"deleted\",\"version\":9,\"future_field\":[1]}"))).events().get(0).app();
        assertEquals(new AppEvent.App(3, null, null, "deleted", 9), app);
    }
}
