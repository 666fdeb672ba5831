package dev.userinfo.info.admin.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.contracts.audit.AuditEntry;
import dev.userinfo.info.admin.AdminQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/** Reads the audit trail ({@code admin.AuditTrail} writes it): newest first, each filter an exact match or absent. */
@ApplicationScoped
public class AuditStore {

    private static final String WHERE = " FROM audit_trail WHERE ($1::text IS NULL OR actor = $1)"
            + " AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR target = $3)";

    private final AdminQueries queries;
    private final ObjectMapper json;

    public AuditStore(AdminQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    /** A page of entries; a null filter matches every entry. */
    public Uni<Page<AuditEntry>> entries(String actor, String action, String target, PageRequest request) {
        return queries.page("SELECT count(*)" + WHERE,
                "SELECT id, at, actor, action, target, before::text AS before, after::text AS after" + WHERE
                        + " ORDER BY id DESC LIMIT $4 OFFSET $5",
                Arrays.asList(actor, action, target), request, this::entry);
    }

    private AuditEntry entry(Row r) {
        return new AuditEntry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(), r.getString("actor"), r.getString("action"),
                r.getString("target"), tree(r.getString("before")), tree(r.getString("after")));
    }

    private JsonNode tree(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_trail holds JSON PostgreSQL wrote", e);
        }
    }
}
