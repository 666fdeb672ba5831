package dev.userinfo.contracts.userevent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.userinfo.contracts.event.EventBatchRules;

/**
 * The one reading of a user-event batch (docs/internal-contracts.md §3), used by both receivers and by the sender's
 * tests. The batch and envelope rules are {@link EventBatchRules}, shared with the app feed (§5); this class adds the
 * user snapshot's fields.
 */
public final class UserEventValidator {

    private static final EventBatchRules RULES = new EventBatchRules("user", UserEvent.TYPES, InvalidUserEvents::new);

    private UserEventValidator() {
    }

    /** Parses and checks a request body. */
    public static UserEventBatch read(String body) {
        return new UserEventBatch(RULES.read(body, UserEventValidator::event));
    }

    /** Checks an already parsed body. */
    public static UserEventBatch read(JsonNode root) {
        return new UserEventBatch(RULES.read(root, UserEventValidator::event));
    }

    private static UserEvent event(EventBatchRules.Envelope envelope, JsonNode user, String at) {
        return new UserEvent(envelope.eventId(), envelope.seq(), envelope.type(), envelope.occurredAt(), user(user, at));
    }

    private static UserEvent.User user(JsonNode user, String at) {
        long id = RULES.positive(user, "id", at);
        long version = RULES.positive(user, "version", at);
        String status = RULES.oneOf(user, "status", at, UserEvent.STATUSES);
        boolean deleted = "deleted".equals(status);
        String login = deleted ? RULES.text(user, "login", at, false)
                : RULES.nonBlank(user, "login", at, "unless the user is deleted");
        return new UserEvent.User(id, login, RULES.text(user, "display_name", at, false), RULES.text(user, "email", at, false),
                RULES.text(user, "phone", at, false), status, version, RULES.time(user, "created_at", at, false),
                RULES.time(user, "last_login_at", at, false), RULES.text(user, "last_login_ip", at, false),
                RULES.text(user, "inviter_aff_code", at, false));
    }
}
