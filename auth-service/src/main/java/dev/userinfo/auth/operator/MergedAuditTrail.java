package dev.userinfo.auth.operator;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services' audit trails as one (issue #18): each service's {@code GET <admin>/audit} newest first, merged
 * by {@code at}, newest first, each entry marked with the service that recorded it.
 */
@ApplicationScoped
public class MergedAuditTrail {

    /** Entries shown at once: the newest of each service, merged. */
    static final int SHOWN = 50;

    /** The merged trail and each service's answer (a refusal shows on the page; the other services still count). */
    public record Merged(List<JsonObject> entries, List<ApiAnswer> answers) {
    }

    private final AdminApis apis;

    public MergedAuditTrail(AdminApis apis) {
        this.apis = apis;
    }

    public Uni<Merged> newest(String token, String actor, String action, String target) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", "1");
        query.put("page_size", Integer.toString(SHOWN));
        query.put("actor", actor);
        query.put("action", action);
        query.put("target", target);
        List<Uni<ApiAnswer>> calls = new ArrayList<>();
        for (AdminApi api : AdminApi.values()) {
            calls.add(apis.get(api, api.prefix + "/audit", query, token));
        }
        return Uni.join().all(calls).andFailFast().map(MergedAuditTrail::merge);
    }

    static Merged merge(List<ApiAnswer> answers) {
        List<JsonObject> entries = new ArrayList<>();
        for (ApiAnswer answer : answers) {
            if (!answer.ok()) {
                continue;
            }
            JsonArray items = answer.items();
            for (Object item : items) {
                if (item instanceof JsonObject entry) {
                    entries.add(entry.copy().put("service", answer.api().service()));
                }
            }
        }
        entries.sort(Comparator.comparing(MergedAuditTrail::at).reversed());
        return new Merged(entries.size() > SHOWN ? entries.subList(0, SHOWN) : entries, answers);
    }

    /** An entry's time (RFC 3339); one without a readable time sorts last. */
    static Instant at(JsonObject entry) {
        try {
            return entry.getValue("at") instanceof String at ? java.time.OffsetDateTime.parse(at).toInstant() : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
