package dev.userinfo.auth.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.app.App;
import dev.userinfo.contracts.appevent.AppEventValidator;
import dev.userinfo.contracts.testing.GoldenFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sending side of docs/internal-contracts.md §5 against its golden fixture: what the outbox stores and the
 * dispatcher wraps is docs/contracts/app-event-batch.json, and the receiver's validator accepts it.
 */
class AppEventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static App demo(long version, boolean enabled) {
        App app = new App();
        app.appid = 1L;
        app.clientId = "demo-app";
        app.name = "Demo app";
        app.clientType = App.CONFIDENTIAL;
        app.enabled = enabled;
        app.version = version;
        return app;
    }

    /** The payload as it travels: written by the outbox as JSON (a jsonb column), read back by the dispatcher. */
    private static JsonObject stored(Map<String, Object> snapshot) throws Exception {
        return new JsonObject(JSON.writeValueAsString(snapshot));
    }

    @Test
    void whatTheSenderSendsIsTheGoldenBatch() throws Exception {
        JsonArray events = new JsonArray()
                .add(EventDispatcher.event(Feed.APP_EVENTS, UUID.fromString("3f6b2c9e-8a41-4d7b-9c0e-1a2b3c4d5e6f"), 7,
                        "app.created", Instant.parse("2026-11-20T10:00:00Z"), stored(OutboxOnAppChange.snapshot(demo(1, true)))))
                .add(EventDispatcher.event(Feed.APP_EVENTS, UUID.fromString("a7d4e1f0-2b3c-4d5e-8f9a-0b1c2d3e4f5a"), 8,
                        "app.disabled", Instant.parse("2026-11-22T08:00:00Z"), stored(OutboxOnAppChange.snapshot(demo(2, false)))))
                .add(EventDispatcher.event(Feed.APP_EVENTS, UUID.fromString("c2e9f8a7-6b5d-4c3e-a1f0-9e8d7c6b5a4f"), 9,
                        "app.deleted", Instant.parse("2026-11-23T09:30:00Z"), stored(OutboxOnAppChange.deletedSnapshot(2, 5))));
        String sent = new JsonObject().put("events", events).encode();

        String golden = GoldenFixtures.read("app-event-batch.json");
        assertEquals(JSON.readTree(golden), JSON.readTree(sent));
        assertEquals(AppEventValidator.read(golden), AppEventValidator.read(sent));
    }
}
