package dev.userinfo.auth.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.user.User;
import dev.userinfo.contracts.testing.GoldenFixtures;
import dev.userinfo.contracts.userevent.UserEventValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sending side of docs/internal-contracts.md §3 against its golden fixture: what the outbox stores and the
 * dispatcher wraps is docs/contracts/user-event-batch.json, and the receivers' shared validator accepts it.
 */
class UserEventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static User alice(long version, Instant lastLoginAt, String lastLoginIp) {
        User user = new User();
        user.id = 10001L;
        user.login = "alice";
        user.displayName = "Alice";
        user.email = "alice@example.com";
        user.status = User.ACTIVE;
        user.version = version;
        user.createdAt = Instant.parse("2026-11-20T10:00:00Z");
        user.lastLoginAt = lastLoginAt;
        user.lastLoginIp = lastLoginIp;
        return user;
    }

    /** The payload as it travels: written by the outbox as JSON (a jsonb column), read back by the dispatcher. */
    private static JsonObject stored(Map<String, Object> snapshot) throws Exception {
        return new JsonObject(JSON.writeValueAsString(snapshot));
    }

    @Test
    void whatTheSenderSendsIsTheGoldenBatch() throws Exception {
        JsonArray events = new JsonArray()
                .add(EventDispatcher.event(Feed.USER_EVENTS, UUID.fromString("0b9c3c1e-7f7e-4a43-9f43-3f0c6a0d8d11"), 41, "user.created",
                        Instant.parse("2026-11-20T10:00:00Z"), stored(UserEventOutbox.snapshot(alice(1, null, null)))))
                .add(EventDispatcher.event(Feed.USER_EVENTS, UUID.fromString("5d2f9a61-4c3b-4e0f-8a7d-2b1e6c9f0a42"), 42, "user.updated",
                        Instant.parse("2026-11-22T08:00:00Z"), stored(UserEventOutbox.snapshot(
                                alice(2, Instant.parse("2026-11-22T07:59:58Z"), "203.0.113.7")))))
                .add(EventDispatcher.event(Feed.USER_EVENTS, UUID.fromString("9e4a7c20-1b6d-4f8e-b3a5-7c0d2e8f1b93"), 43, "user.deleted",
                        Instant.parse("2026-11-23T09:30:00Z"), stored(UserEventOutbox.deletedSnapshot(10002, 4))));
        String sent = new JsonObject().put("events", events).encode();

        String golden = GoldenFixtures.read("user-event-batch.json");
        JsonNode expected = JSON.readTree(golden);
        assertEquals(expected, JSON.readTree(sent));
        assertEquals(UserEventValidator.read(golden), UserEventValidator.read(sent));
    }
}
