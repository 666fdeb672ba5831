package dev.userinfo.quota.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.contracts.audit.AuditEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * This service's audit trail (issue #18): one row per admin write, inserted on the write's own connection so it
 * commits or rolls back with it, and read back newest first. Never a secret in {@code before}/{@code after}.
 */
@ApplicationScoped
@RegisterForReflection(targets = AuditEntry.class)   // answered as JSON by Jackson, also in the native image
public class AuditTrail {

    private final Pool pool;
    private final ObjectMapper json;

    public AuditTrail(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The filters of a listing; null matches anything. */
    public record Filter(String actor, String action, String target) {
    }

    /** Records one admin write on {@code conn}, inside the transaction that makes the write. */
    public Uni<Void> record(SqlConnection conn, String actor, String action, String target, JsonObject before,
                            JsonObject after) {
        return conn.preparedQuery("INSERT INTO audit_trail (actor, action, target, before, after) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.tuple().addString(actor).addString(action).addString(target).addValue(before).addValue(after))
                .replaceWithVoid();
    }

    /** One page of the entries matching {@code filter}, newest first. */
    public Uni<Page<AuditEntry>> list(Filter filter, PageRequest page) {
        String where = " WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2)"
                + " AND ($3::text IS NULL OR target = $3)";
        Tuple args = Tuple.of(filter.actor(), filter.action(), filter.target());
        return pool.preparedQuery("SELECT count(*) FROM audit_trail" + where).execute(args)
                .flatMap(count -> pool.preparedQuery("SELECT id, at, actor, action, target, before::text AS before,"
                                + " after::text AS after FROM audit_trail" + where + " ORDER BY id DESC LIMIT $4 OFFSET $5")
                        .execute(Tuple.of(filter.actor(), filter.action(), filter.target(), page.pageSize(), page.offset()))
                        .map(rows -> {
                            List<AuditEntry> items = new ArrayList<>();
                            for (Row r : rows) {
                                items.add(new AuditEntry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(),
                                        r.getString("actor"), r.getString("action"), r.getString("target"),
                                        tree(r.getString("before")), tree(r.getString("after"))));
                            }
                            return Page.of(items, count.iterator().next().getLong(0), page);
                        }));
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_trail holds JSON that does not parse", e);
        }
    }
}
