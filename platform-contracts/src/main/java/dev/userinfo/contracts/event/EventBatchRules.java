package dev.userinfo.contracts.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The batch rules every outbox feed of auth-service shares (docs/internal-contracts.md §3 users, §5 apps): a JSON
 * object {@code {"events": [...]}} of at most {@link #MAX_EVENTS} events in strictly ascending {@code seq}, each with
 * {@code event_id}, {@code seq}, {@code type}, {@code occurred_at} and one snapshot object; every string a JSON string
 * of at most {@link #MAX_TEXT} characters without NUL, times RFC 3339. Each feed's validator adds its snapshot's
 * fields and refuses with its own exception.
 */
public final class EventBatchRules {

    /** Events per batch, at most (§3; 1000 since issue #19, so delivery keeps up with a bulk import). */
    public static final int MAX_EVENTS = 1000;

    /** Longest string field: an e-mail address is at most 320 characters (RFC 5321 §4.5.3.1). */
    public static final int MAX_TEXT = 320;

    // A repeated key would let two readers of one body see two different events.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** What every event carries besides its snapshot. */
    public record Envelope(String eventId, long seq, String type, Instant occurredAt) {
    }

    /** Reads one event's snapshot object (found at {@code at}, e.g. {@code events[3].user}) into the feed's record. */
    @FunctionalInterface
    public interface SnapshotReader<E> {
        E read(Envelope envelope, JsonNode snapshot, String at);
    }

    private final String snapshotField;
    private final List<String> types;
    private final Function<String, ? extends RuntimeException> refusal;

    /**
     * @param snapshotField the event's snapshot member ({@code user}, {@code app})
     * @param types         the feed's event types
     * @param refusal       the feed's "not a batch of the contract's shape" exception, from its message
     */
    public EventBatchRules(String snapshotField, List<String> types, Function<String, ? extends RuntimeException> refusal) {
        this.snapshotField = snapshotField;
        this.types = List.copyOf(types);
        this.refusal = refusal;
    }

    /** Parses and checks a request body. */
    public <E> List<E> read(String body, SnapshotReader<E> reader) {
        if (body == null || body.isBlank()) {
            throw refused("the body must be a JSON object with events");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw refused("the body is not JSON");
        }
        return read(root, reader);
    }

    /** Checks an already parsed body. */
    public <E> List<E> read(JsonNode root, SnapshotReader<E> reader) {
        JsonNode events = root == null || !root.isObject() ? null : root.get("events");
        if (events == null || !events.isArray()) {
            throw refused("events must be an array");
        }
        if (events.size() > MAX_EVENTS) {
            throw refused("a batch holds at most " + MAX_EVENTS + " events");
        }
        List<E> out = new ArrayList<>(events.size());
        long previousSeq = -1;
        for (int i = 0; i < events.size(); i++) {
            String at = "events[" + i + "]";
            Envelope envelope = envelope(events.get(i), at);
            if (envelope.seq() <= previousSeq) {
                throw refused(at + ".seq: events must be in ascending seq");
            }
            previousSeq = envelope.seq();
            JsonNode snapshot = events.get(i).get(snapshotField);
            if (snapshot == null || !snapshot.isObject()) {
                throw refused(at + "." + snapshotField + " must be an object");
            }
            out.add(reader.read(envelope, snapshot, at + "." + snapshotField));
        }
        return out;
    }

    private Envelope envelope(JsonNode e, String at) {
        if (e == null || !e.isObject()) {
            throw refused(at + " must be an object");
        }
        String type = text(e, "type", at, true);
        if (!types.contains(type)) {
            throw refused(at + ".type must be one of " + String.join(", ", types));
        }
        long seq = integer(e, "seq", at);
        if (seq < 0) {
            throw refused(at + ".seq must be a non-negative integer");
        }
        return new Envelope(text(e, "event_id", at, true), seq, type, time(e, "occurred_at", at, true));
    }

    /** A string member, or null when absent or null and not required. */
    public String text(JsonNode node, String name, String at, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw refused(at + "." + name + " is required");
            }
            return null;
        }
        // PostgreSQL text cannot hold U+0000: refuse it here rather than fail the receiver's whole transaction.
        if (!v.isTextual() || v.textValue().length() > MAX_TEXT || v.textValue().indexOf('\0') >= 0) {
            throw refused(at + "." + name + " must be a string of at most " + MAX_TEXT + " characters without NUL");
        }
        return v.textValue();
    }

    /** A required string member that is not blank. */
    public String nonBlank(JsonNode node, String name, String at, String unless) {
        String value = text(node, name, at, true);
        if (value.isBlank()) {
            throw refused(at + "." + name + " is required " + unless);
        }
        return value;
    }

    /** An RFC 3339 time member. */
    public Instant time(JsonNode node, String name, String at, boolean required) {
        String value = text(node, name, at, required);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw refused(at + "." + name + " must be an RFC 3339 time");
        }
    }

    /** A required integer member that fits a long. */
    public long integer(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw refused(at + "." + name + " must be an integer");
        }
        return v.longValue();
    }

    /** A required integer member above 0 (ids, versions). */
    public long positive(JsonNode node, String name, String at) {
        long v = integer(node, name, at);
        if (v <= 0) {
            throw refused(at + "." + name + " must be a positive integer");
        }
        return v;
    }

    /** One of {@code allowed}, named in the refusal. */
    public String oneOf(JsonNode node, String name, String at, List<String> allowed) {
        String value = text(node, name, at, true);
        if (!allowed.contains(value)) {
            throw refused(at + "." + name + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** The feed's refusal (400 at the receiver, nothing applied). */
    public RuntimeException refused(String message) {
        return refusal.apply(message);
    }
}
