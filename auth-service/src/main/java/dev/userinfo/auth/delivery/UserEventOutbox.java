package dev.userinfo.auth.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes user lifecycle events into the outbox, inside the caller's transaction, so an event exists exactly
 * when the change it describes committed (docs/internal-contracts.md §3).
 */
@ApplicationScoped
public class UserEventOutbox {

    /** pg_advisory_xact_lock key: outbox inserts commit in seq order, so a cursor never skips a late commit. */
    private static final long OUTBOX_LOCK = 0x5553455245564e54L;

    private final ObjectMapper json;

    public UserEventOutbox(ObjectMapper json) {
        this.json = json;
    }

    /** Appends an event for {@code user} as it is now; call within a transaction, after the change is flushed. */
    public Uni<Void> append(String type, User user) {
        return append(type, user.id, snapshot(user));
    }

    /** Appends {@code user.deleted}: only id, status and the version after the deletion travel. */
    public Uni<Void> appendDeleted(long userId, long version) {
        return append("user.deleted", userId, deletedSnapshot(userId, version));
    }

    private Uni<Void> append(String type, long userId, Map<String, Object> snapshot) {
        String payload;
        try {
            payload = json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT pg_advisory_xact_lock(" + OUTBOX_LOCK + ")").getSingleResult()
                .chain(() -> session.createNativeQuery("""
                                INSERT INTO user_event (event_id, user_id, type, payload)
                                VALUES (:eventId, :userId, :type, CAST(CAST(:payload AS text) AS jsonb))""")
                        .setParameter("eventId", UUID.randomUUID())
                        .setParameter("userId", userId)
                        .setParameter("type", type)
                        .setParameter("payload", payload)
                        .executeUpdate()))
                .replaceWithVoid();
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
