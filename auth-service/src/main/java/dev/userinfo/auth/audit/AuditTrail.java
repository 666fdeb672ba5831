package dev.userinfo.auth.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.contracts.audit.AuditEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Records each admin write in table {@code audit_trail} and reads it back, newest first. A record joins the caller's
 * transaction (Hibernate Reactive reuses the open one), so it exists exactly when the change it describes committed.
 */
@ApplicationScoped
public class AuditTrail {

    /** Filters of {@link #list}: exact values, each optional. */
    public record Filter(String actor, String action, String target) {
    }

    private final ObjectMapper json;

    public AuditTrail(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Records one admin write in the caller's transaction (or its own when none is open). {@code before} and
     * {@code after} are the views of the target the admin API shows (null on create or delete), serialized as JSON: pass
     * a view, never an entity, so no password, hash or secret can reach the trail.
     *
     * @param actor  {@code operator:<user id>} or {@code admin-token} ({@link AuditEntry})
     * @param action {@code <noun>.<verb>}, e.g. {@code user.disable}, {@code app.approve-scopes}
     * @param target {@code user:<id>}, {@code app:<client_id>}, {@code key:<kid>}
     */
    public Uni<Void> record(String actor, String action, String target, Object before, Object after) {
        String beforeJson;
        String afterJson;
        try {
            beforeJson = before == null ? null : json.writeValueAsString(before);
            afterJson = after == null ? null : json.writeValueAsString(after);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        // A null view is SQL NULL written out, so no parameter is ever bound without a value (and so without a type).
        String sql = "INSERT INTO audit_trail (actor, action, target, before, after) VALUES (:actor, :action, :target, "
                + (beforeJson == null ? "NULL" : "CAST(CAST(:before AS text) AS jsonb)") + ", "
                + (afterJson == null ? "NULL" : "CAST(CAST(:after AS text) AS jsonb)") + ")";
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            Mutiny.Query<Object> insert = session.createNativeQuery(sql)
                    .setParameter("actor", actor).setParameter("action", action).setParameter("target", target);
            if (beforeJson != null) {
                insert.setParameter("before", beforeJson);
            }
            if (afterJson != null) {
                insert.setParameter("after", afterJson);
            }
            return insert.executeUpdate();
        })).replaceWithVoid();
    }

    /**
     * Records one admin write per target, in list order, with one statement in the caller's reactive client transaction
     * (issue #19: an import's thousand user.create records); {@code afters} are views, as for {@link #record}.
     */
    public Uni<Void> recordAll(io.vertx.mutiny.sqlclient.SqlClient tx, String actor, String action, List<String> targets,
                               List<?> afters) {
        String[] afterJson = new String[afters.size()];
        try {
            for (int i = 0; i < afterJson.length; i++) {
                afterJson[i] = json.writeValueAsString(afters.get(i));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return tx.preparedQuery("INSERT INTO auth.audit_trail (actor, action, target, after) SELECT $1::text, $2::text, t, a::jsonb "
                        + "FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS x(t, a, n) ORDER BY n")
                .execute(io.vertx.mutiny.sqlclient.Tuple.tuple(List.<Object>of(actor, action, targets.toArray(String[]::new), afterJson)))
                .replaceWithVoid();
    }

    /** One page of the trail, newest first (by id: the order the writes took their numbers), with the total. */
    public Uni<Page<AuditEntry>> list(Filter filter, PageRequest request) {
        Map<String, String> present = new LinkedHashMap<>();
        if (filter.actor() != null) {
            present.put("actor", filter.actor());
        }
        if (filter.action() != null) {
            present.put("action", filter.action());
        }
        if (filter.target() != null) {
            present.put("target", filter.target());
        }
        // Column names come from the keys above, never from the request; values are bound.
        String where = present.isEmpty() ? "" : "WHERE " + String.join(" AND ",
                present.keySet().stream().map(column -> column + " = :" + column).toList());
        // One JSON text per row: no driver-specific mapping of timestamptz or jsonb columns.
        String rows = """
                SELECT json_build_object('id', id, 'at', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                       'actor', actor, 'action', action, 'target', target, 'before', before, 'after', after)::text
                FROM audit_trail %s ORDER BY id DESC LIMIT :size OFFSET :offset""".formatted(where);
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<String> page = session.createNativeQuery(rows, String.class)
                    .setParameter("size", request.pageSize()).setParameter("offset", request.offset());
            Mutiny.SelectionQuery<Long> count = session.createNativeQuery("SELECT count(*) FROM audit_trail " + where, Long.class);
            present.forEach((column, value) -> {
                page.setParameter(column, value);
                count.setParameter(column, value);
            });
            return page.getResultList().chain(found -> count.getSingleResult().map(total -> Page.of(entries(found), total, request)));
        }));
    }

    private List<AuditEntry> entries(List<String> rows) {
        List<AuditEntry> entries = new ArrayList<>(rows.size());
        for (String row : rows) {
            try {
                JsonNode node = json.readTree(row);
                entries.add(new AuditEntry(node.get("id").asLong(), Instant.parse(node.get("at").asText()),
                        node.get("actor").asText(), node.get("action").asText(), node.get("target").asText(),
                        nullIfJsonNull(node.get("before")), nullIfJsonNull(node.get("after"))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("audit_trail row is not JSON", e);
            }
        }
        return entries;
    }

    private static JsonNode nullIfJsonNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
