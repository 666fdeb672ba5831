package dev.userinfo.contracts.appevent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.userinfo.contracts.event.EventBatchRules;

/**
 * The one reading of an app-event batch (docs/internal-contracts.md §5), used by the receiver and by the sender's
 * tests: the batch rules of the user feed ({@link EventBatchRules}) and the app snapshot's fields.
 */
public final class AppEventValidator {

    private static final EventBatchRules RULES = new EventBatchRules("app", AppEvent.TYPES, InvalidAppEvents::new);

    private AppEventValidator() {
    }

    /** Parses and checks a request body. */
    public static AppEventBatch read(String body) {
        return new AppEventBatch(RULES.read(body, AppEventValidator::event));
    }

    /** Checks an already parsed body. */
    public static AppEventBatch read(JsonNode root) {
        return new AppEventBatch(RULES.read(root, AppEventValidator::event));
    }

    private static AppEvent event(EventBatchRules.Envelope envelope, JsonNode app, String at) {
        long appid = RULES.positive(app, "appid", at);
        long version = RULES.positive(app, "version", at);
        String status = RULES.oneOf(app, "status", at, AppEvent.STATUSES);
        boolean deleted = "deleted".equals(status);
        String clientId = deleted ? RULES.text(app, "client_id", at, false)
                : RULES.nonBlank(app, "client_id", at, "unless the app is deleted");
        String name = deleted ? RULES.text(app, "name", at, false) : RULES.nonBlank(app, "name", at, "unless the app is deleted");
        return new AppEvent(envelope.eventId(), envelope.seq(), envelope.type(), envelope.occurredAt(),
                new AppEvent.App(appid, clientId, name, status, version));
    }
}
