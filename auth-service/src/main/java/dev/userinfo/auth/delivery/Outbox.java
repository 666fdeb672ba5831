package dev.userinfo.auth.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
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

    /**
     * Appends one event per subject, in list order, with one statement in the caller's reactive client transaction
     * (issue #19: an import's thousand events); the same lock as {@link #append} keeps seq in commit order.
     */
    Uni<Void> appendAll(SqlClient tx, Feed feed, String type, List<Long> subjectIds, List<Map<String, Object>> snapshots) {
        int n = subjectIds.size();
        UUID[] eventIds = new UUID[n];
        String[] payloads = new String[n];
        try {
            for (int i = 0; i < n; i++) {
                eventIds[i] = UUID.randomUUID();
                payloads[i] = json.writeValueAsString(snapshots.get(i));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Tuple rows = Tuple.tuple(List.<Object>of(eventIds, subjectIds.toArray(Long[]::new), payloads, type));
        return tx.query("SELECT pg_advisory_xact_lock(" + feed.lockKey + ")").execute()
                .chain(() -> tx.preparedQuery("INSERT INTO auth." + feed.table + " (event_id, " + feed.subjectColumn
                        + ", type, payload) SELECT e, s, $4::text, p::jsonb FROM unnest($1::uuid[], $2::bigint[], $3::text[])"
                        + " WITH ORDINALITY AS t(e, s, p, n) ORDER BY n").execute(rows))
                .replaceWithVoid();
    }
}
