package dev.userinfo.contracts.userevent;

import java.util.List;

/** The body of {@code POST /internal/user-events}: at most {@link #MAX_EVENTS} events in ascending {@code seq} (§3). */
public record UserEventBatch(List<UserEvent> events) {

    public static final int MAX_EVENTS = dev.userinfo.contracts.event.EventBatchRules.MAX_EVENTS;

    public UserEventBatch {
        events = List.copyOf(events);
    }

    /**
     * One user of a batch: the snapshot of its highest version, how many of the batch's events named it, and whether
     * any of them showed the user not deleted (created and deleted within one batch still was an account: quota grants
     * its new-account quota and credits its inviter once, as event-by-event delivery did).
     */
    public record Newest(UserEvent.User user, int events, boolean everLive) {
    }

    /**
     * The batch reduced to each user's newest snapshot, in order of first appearance. Under §3's version guard applying
     * only that one leaves what applying every event in turn would; it lets a receiver apply a batch with one statement
     * (issue #19), which may not touch a row twice.
     */
    public static List<Newest> newestPerUser(List<UserEvent> events) {
        java.util.Map<Long, Newest> byUser = new java.util.LinkedHashMap<>();
        for (UserEvent event : events) {
            UserEvent.User user = event.user();
            byUser.merge(user.id(), new Newest(user, 1, !user.deleted()), (held, next) -> new Newest(
                    newer(held.user(), next.user()), held.events() + 1, held.everLive() || next.everLive()));
        }
        return List.copyOf(byUser.values());
    }

    /** The higher version; an inviter code only an older event carried stays (quota credits it once, on creation). */
    private static UserEvent.User newer(UserEvent.User held, UserEvent.User next) {
        UserEvent.User newest = next.version() > held.version() ? next : held;
        UserEvent.User other = newest == next ? held : next;
        if (newest.inviterAffCode() != null || other.inviterAffCode() == null) {
            return newest;
        }
        return new UserEvent.User(newest.id(), newest.login(), newest.displayName(), newest.email(), newest.phone(),
                newest.status(), newest.version(), newest.createdAt(), newest.lastLoginAt(), newest.lastLoginIp(),
                other.inviterAffCode());
    }
}
