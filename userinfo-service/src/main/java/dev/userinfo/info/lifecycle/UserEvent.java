package dev.userinfo.info.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Set;

/** One user lifecycle event as auth-service delivers it (docs/internal-contracts.md §3). */
@RegisterForReflection
public record UserEvent(@JsonProperty("event_id") String eventId, Long seq, String type,
                        @JsonProperty("occurred_at") String occurredAt, User user) {

    static final Set<String> TYPES = Set.of("user.created", "user.updated", "user.disabled", "user.enabled", "user.deleted");
    static final Set<String> STATUSES = Set.of("active", "disabled", "deleted");

    /** The full snapshot of the user after the change. */
    @RegisterForReflection
    public record User(Long id, String login, @JsonProperty("display_name") String displayName, String email,
                       String phone, String status, Long version, @JsonProperty("created_at") String createdAt) {
    }

    /** The request body: at most 100 events in ascending {@code seq}. */
    @RegisterForReflection
    public record Batch(List<UserEvent> events) {
    }

    /** Why this event is not of the contract's shape, or null when it is. */
    String problem() {
        if (type == null || !TYPES.contains(type)) {
            return "type must be one of " + String.join(", ", TYPES.stream().sorted().toList());
        }
        if (seq == null || seq < 0) {
            return "seq must be a non-negative integer";
        }
        if (user == null || user.id() == null || user.id() <= 0) {
            return "user.id must be a positive integer";
        }
        if (user.version() == null || user.version() <= 0) {
            return "user.version must be a positive integer";
        }
        if (user.status() == null || !STATUSES.contains(user.status())) {
            return "user.status must be active, disabled or deleted";
        }
        if (!"deleted".equals(user.status()) && (user.login() == null || user.login().isBlank())) {
            return "user.login is required unless the user is deleted";
        }
        if (tooLong(user.login()) || tooLong(user.displayName()) || tooLong(user.email()) || tooLong(user.phone())) {
            return "user fields are limited to 320 characters";
        }
        if (hasNul(user.login()) || hasNul(user.displayName()) || hasNul(user.email()) || hasNul(user.phone())) {
            return "user fields may not contain NUL characters";
        }
        return null;
    }

    private static boolean tooLong(String s) {
        return s != null && s.length() > 320;
    }

    // PostgreSQL text cannot hold U+0000; refuse it here rather than fail the whole transaction.
    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }
}
