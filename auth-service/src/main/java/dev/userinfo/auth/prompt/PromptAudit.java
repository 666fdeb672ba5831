package dev.userinfo.auth.prompt;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The operators' view of seed 000's requests ({@code GET /admin/prompts}): every request with its audit events. */
@ApplicationScoped
public class PromptAudit {

    /** One request and its audit trail. */
    @RegisterForReflection
    public record Audited(@JsonProperty("request_id") String requestId,
                          @JsonProperty("client_id") String clientId,
                          @JsonProperty("user_id") Long userId,
                          List<String> scopes, PromptStatus status, boolean prompted,
                          @JsonProperty("created_at") String createdAt,
                          @JsonProperty("expires_at") String expiresAt,
                          @JsonProperty("answered_at") String answeredAt,
                          List<AuditEvent> events) {
    }

    /** opened (detail: the {@link Eligibility}), approved, denied or expired. */
    @RegisterForReflection
    public record AuditEvent(String event, String detail, String at) {
    }

    private final Pool pool;

    public PromptAudit(Pool pool) {
        this.pool = pool;
    }

    /** How many requests {@link #audit} pages through. */
    public Uni<Long> auditTotal(String clientId, Long userId) {
        return pool.preparedQuery("""
                        SELECT count(*) FROM authorization_prompt p JOIN app a ON a.appid = p.appid
                        WHERE ($1::text IS NULL OR a.client_id = $1) AND ($2::bigint IS NULL OR p.user_id = $2)""")
                .execute(Tuple.of(clientId, userId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Requests newest first, optionally of one app and/or one user, with every audit event. Never a code or state. */
    public Uni<List<Audited>> audit(String clientId, Long userId, int page, int size) {
        return pool.preparedQuery("""
                        SELECT p.id, a.client_id, p.user_id, p.scopes, %s AS status,
                               p.pushed, p.created_at, p.expires_at, p.answered_at,
                               coalesce((SELECT json_agg(json_build_object('event', e.event, 'detail', e.detail, 'at', e.at) ORDER BY e.id)
                                         FROM authorization_prompt_event e WHERE e.prompt_id = p.id), '[]'::json)::text AS events
                        FROM authorization_prompt p JOIN app a ON a.appid = p.appid
                        WHERE ($1::text IS NULL OR a.client_id = $1) AND ($2::bigint IS NULL OR p.user_id = $2)
                        ORDER BY p.created_at DESC, p.id LIMIT $3 OFFSET $4""".formatted(PromptStatus.AS_SEEN_SQL))
                .execute(Tuple.of(clientId, userId, size, (long) page * size))
                .map(rows -> {
                    List<Audited> audited = new ArrayList<>();
                    for (Row row : rows) {
                        audited.add(new Audited(row.getString("id"), row.getString("client_id"), row.getLong("user_id"),
                                List.of(row.getArrayOfStrings("scopes")), PromptStatus.of(row.getString("status")),
                                row.getBoolean("pushed"), iso(row.getOffsetDateTime("created_at")),
                                iso(row.getOffsetDateTime("expires_at")), iso(row.getOffsetDateTime("answered_at")),
                                events(row.getString("events"))));
                    }
                    return audited;
                });
    }

    private static List<AuditEvent> events(String json) {
        List<AuditEvent> events = new ArrayList<>();
        JsonArray array = new JsonArray(json);
        for (int i = 0; i < array.size(); i++) {
            JsonObject event = array.getJsonObject(i);
            events.add(new AuditEvent(event.getString("event"), event.getString("detail"),
                    OffsetDateTime.parse(event.getString("at")).toInstant().toString()));
        }
        return events;
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
