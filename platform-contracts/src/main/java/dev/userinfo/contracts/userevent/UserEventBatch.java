package dev.userinfo.contracts.userevent;

import java.util.List;

/** The body of {@code POST /internal/user-events}: at most {@link #MAX_EVENTS} events in ascending {@code seq} (§3). */
public record UserEventBatch(List<UserEvent> events) {

    public static final int MAX_EVENTS = dev.userinfo.contracts.event.EventBatchRules.MAX_EVENTS;

    public UserEventBatch {
        events = List.copyOf(events);
    }
}
