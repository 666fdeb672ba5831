package dev.userinfo.contracts.appevent;

import dev.userinfo.contracts.event.EventBatchRules;
import java.util.List;

/** The body of {@code POST /internal/app-events}: at most {@link #MAX_EVENTS} events in ascending {@code seq} (§5). */
public record AppEventBatch(List<AppEvent> events) {

    public static final int MAX_EVENTS = EventBatchRules.MAX_EVENTS;

    public AppEventBatch {
        events = List.copyOf(events);
    }
}
