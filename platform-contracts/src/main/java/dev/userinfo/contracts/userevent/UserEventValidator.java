package dev.userinfo.contracts.userevent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reading of a user-event batch (docs/internal-contracts.md §3), used by both receivers and by the sender's
 * tests. Where the two receivers had drifted it keeps the stricter rule: {@code seq} strictly ascending, every string
 * a JSON string, times RFC 3339.
 */
public final class UserEventValidator {

    /** Longest string field: an e-mail address is at most 320 characters (RFC 5321 §4.5.3.1). */
    static final int MAX_TEXT = 320;

    // A repeated key would let two readers of one body see two different events.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private UserEventValidator() {
    }

    /** Parses and checks a request body. */
    public static UserEventBatch read(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidUserEvents("the body must be a JSON object with events");
        }
        try {
            return read(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            throw new InvalidUserEvents("the body is not JSON");
        }
    }

    /** Checks an already parsed body. */
    public static UserEventBatch read(JsonNode root) {
        JsonNode events = root == null || !root.isObject() ? null : root.get("events");
        if (events == null || !events.isArray()) {
            throw new InvalidUserEvents("events must be an array");
        }
        if (events.size() > UserEventBatch.MAX_EVENTS) {
            throw new InvalidUserEvents("a batch holds at most " + UserEventBatch.MAX_EVENTS + " events");
        }
        List<UserEvent> out = new ArrayList<>(events.size());
        long previousSeq = -1;
        for (int i = 0; i < events.size(); i++) {
            UserEvent event = event(events.get(i), "events[" + i + "]");
            if (event.seq() <= previousSeq) {
                throw new InvalidUserEvents("events[" + i + "].seq: events must be in ascending seq");
            }
            previousSeq = event.seq();
            out.add(event);
        }
        return new UserEventBatch(out);
    }

    private static UserEvent event(JsonNode e, String at) {
        if (e == null || !e.isObject()) {
            throw new InvalidUserEvents(at + " must be an object");
        }
        String type = text(e, "type", at, true);
        if (!UserEvent.TYPES.contains(type)) {
            throw new InvalidUserEvents(at + ".type must be one of " + String.join(", ", UserEvent.TYPES));
        }
        long seq = integer(e, "seq", at);
        if (seq < 0) {
            throw new InvalidUserEvents(at + ".seq must be a non-negative integer");
        }
        String eventId = text(e, "event_id", at, true);
        Instant occurredAt = time(e, "occurred_at", at, true);
        return new UserEvent(eventId, seq, type, occurredAt, user(e.get("user"), at + ".user"));
    }

    private static UserEvent.User user(JsonNode user, String at) {
        if (user == null || !user.isObject()) {
            throw new InvalidUserEvents(at + " must be an object");
        }
        long id = positive(user, "id", at);
        long version = positive(user, "version", at);
        String status = text(user, "status", at, true);
        if (!UserEvent.STATUSES.contains(status)) {
            throw new InvalidUserEvents(at + ".status must be active, disabled or deleted");
        }
        boolean deleted = "deleted".equals(status);
        String login = text(user, "login", at, !deleted);
        if (!deleted && login.isBlank()) {
            throw new InvalidUserEvents(at + ".login is required unless the user is deleted");
        }
        return new UserEvent.User(id, login, text(user, "display_name", at, false), text(user, "email", at, false),
                text(user, "phone", at, false), status, version, time(user, "created_at", at, false),
                time(user, "last_login_at", at, false), text(user, "last_login_ip", at, false),
                text(user, "inviter_aff_code", at, false));
    }

    private static String text(JsonNode node, String name, String at, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidUserEvents(at + "." + name + " is required");
            }
            return null;
        }
        // PostgreSQL text cannot hold U+0000: refuse it here rather than fail the receiver's whole transaction.
        if (!v.isTextual() || v.textValue().length() > MAX_TEXT || v.textValue().indexOf('\0') >= 0) {
            throw new InvalidUserEvents(at + "." + name + " must be a string of at most " + MAX_TEXT
                    + " characters without NUL");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode node, String name, String at, boolean required) {
        String value = text(node, name, at, required);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidUserEvents(at + "." + name + " must be an RFC 3339 time");
        }
    }

    private static long integer(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidUserEvents(at + "." + name + " must be an integer");
        }
        return v.longValue();
    }

    private static long positive(JsonNode node, String name, String at) {
        long v = integer(node, name, at);
        if (v <= 0) {
            throw new InvalidUserEvents(at + "." + name + " must be a positive integer");
        }
        return v;
    }
}
