package dev.userinfo.quota.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.userinfo.quota.web.ApiError;
import dev.userinfo.quota.web.JsonBody;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One user lifecycle event of auth-service's delivery (docs/internal-contracts.md §3), checked for shape.
 *
 * @param inviterAffCode optional {@code user.inviter_aff_code}: the aff_code the user signed up with (issue #5, 4)
 */
public record UserEvent(String eventId, long seq, String type, long userId, String login, String displayName,
                        String email, String status, long version, Long createdAt, String inviterAffCode) {

    static final int MAX_EVENTS = 100;
    private static final Set<String> TYPES = Set.of("user.created", "user.updated", "user.disabled", "user.enabled",
            "user.deleted");
    private static final Set<String> STATUSES = Set.of("active", "disabled", "deleted");

    /** The events of a batch body; 400 for anything that is not the contract's shape. */
    static List<UserEvent> batch(JsonBody body) {
        JsonNode events = body.root().get("events");
        if (events == null || !events.isArray()) {
            throw ApiError.badRequest("events must be an array");
        }
        if (events.size() > MAX_EVENTS) {
            throw ApiError.badRequest("a batch holds at most " + MAX_EVENTS + " events");
        }
        List<UserEvent> out = new ArrayList<>();
        long previousSeq = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            UserEvent event = of(events.get(i), "events[" + i + "]");
            if (event.seq <= previousSeq) {
                throw ApiError.badRequest("events must be in ascending seq (contract §3)");
            }
            previousSeq = event.seq;
            out.add(event);
        }
        return out;
    }

    private static UserEvent of(JsonNode e, String at) {
        if (e == null || !e.isObject()) {
            throw ApiError.badRequest(at + " must be an object");
        }
        String type = text(e, "type", at, true);
        if (!TYPES.contains(type)) {
            throw ApiError.badRequest(at + ".type is not a known event type");
        }
        JsonNode user = e.get("user");
        if (user == null || !user.isObject()) {
            throw ApiError.badRequest(at + ".user must be an object");
        }
        String status = text(user, "status", at + ".user", true);
        if (!STATUSES.contains(status)) {
            throw ApiError.badRequest(at + ".user.status must be active, disabled or deleted");
        }
        boolean deleted = "deleted".equals(status);
        // For a deleted user only id, status and version are meaningful (contract §3).
        String login = deleted ? "" : text(user, "login", at + ".user", true);
        String created = deleted ? null : text(user, "created_at", at + ".user", false);
        Long createdAt = null;
        if (created != null) {
            try {
                createdAt = Instant.parse(created).getEpochSecond();
            } catch (DateTimeParseException ex) {
                throw ApiError.badRequest(at + ".user.created_at must be an RFC 3339 time");
            }
        }
        return new UserEvent(text(e, "event_id", at, true), integer(e, "seq", at), type,
                positive(user, "id", at + ".user"), login,
                deleted ? "" : orEmpty(text(user, "display_name", at + ".user", false)),
                deleted ? "" : orEmpty(text(user, "email", at + ".user", false)), status,
                positive(user, "version", at + ".user"), createdAt,
                deleted ? null : text(user, "inviter_aff_code", at + ".user", false));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String text(JsonNode node, String name, String at, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiError.badRequest(at + "." + name + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().length() > 320 || v.textValue().chars().anyMatch(c -> c == 0)) {
            throw ApiError.badRequest(at + "." + name + " must be a string of at most 320 characters");
        }
        return v.textValue();
    }

    private static long integer(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiError.badRequest(at + "." + name + " must be an integer");
        }
        return v.longValue();
    }

    private static long positive(JsonNode node, String name, String at) {
        long v = integer(node, name, at);
        if (v <= 0) {
            throw ApiError.badRequest(at + "." + name + " must be positive");
        }
        return v;
    }
}
