package dev.userinfo.auth.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/**
 * Writes events into a feed's outbox, inside the caller's transaction, so an event exists exactly when the change it
 * describes committed (docs/internal-contracts.md §3, §5).
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /** Appends one event; call within a transaction, after the change is flushed. */
    Uni<Void> append(Feed feed, String type, long subjectId, Map<String, Object> snapshot) {
        String payload;
        try {
            payload = json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT pg_advisory_xact_lock(" + feed.lockKey + ")").getSingleResult()
                .chain(() -> session.createNativeQuery("INSERT INTO " + feed.table + " (event_id, " + feed.subjectColumn
                                + ", type, payload) VALUES (:eventId, :subject, :type, CAST(CAST(:payload AS text) AS jsonb))")
                        .setParameter("eventId", UUID.randomUUID())
                        .setParameter("subject", subjectId)
                        .setParameter("type", type)
                        .setParameter("payload", payload)
                        .executeUpdate()))
                .replaceWithVoid();
    }
}
