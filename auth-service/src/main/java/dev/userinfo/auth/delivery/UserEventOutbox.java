package dev.userinfo.auth.delivery;

import dev.userinfo.auth.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** The user feed's events (docs/internal-contracts.md §3): the user's snapshot, written by {@link Outbox}. */
@ApplicationScoped
public class UserEventOutbox {

    private final Outbox outbox;

    public UserEventOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Appends an event for {@code user} as it is now; call within a transaction, after the change is flushed. */
    public Uni<Void> append(String type, User user) {
        return outbox.append(Feed.USER_EVENTS, type, user.id, snapshot(user));
    }

    /** Appends {@code user.created} for each imported user, in order, in the caller's reactive client transaction. */
    public Uni<Void> appendCreated(io.vertx.mutiny.sqlclient.SqlClient tx, java.util.List<User> users) {
        return outbox.appendAll(tx, Feed.USER_EVENTS, "user.created", users.stream().map(u -> u.id).toList(),
                users.stream().map(UserEventOutbox::snapshot).toList());
    }

    /** Appends {@code user.deleted}: only id, status and the version after the deletion travel. */
    public Uni<Void> appendDeleted(long userId, long version) {
        return outbox.append(Feed.USER_EVENTS, "user.deleted", userId, deletedSnapshot(userId, version));
    }

    static Map<String, Object> deletedSnapshot(long userId, long version) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("id", userId);
        snapshot.put("status", "deleted");
        snapshot.put("version", version);
        return snapshot;
    }

    static Map<String, Object> snapshot(User user) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("id", user.id);
        snapshot.put("login", user.login);
        snapshot.put("display_name", user.displayName);
        snapshot.put("email", user.email);
        snapshot.put("phone", user.phone);
        snapshot.put("status", user.status);
        snapshot.put("version", user.version);
        snapshot.put("created_at", user.createdAt == null ? null : user.createdAt.toString());
        snapshot.put("last_login_at", user.lastLoginAt == null ? null : user.lastLoginAt.toString());
        snapshot.put("last_login_ip", user.lastLoginIp);
        return snapshot;
    }
}
