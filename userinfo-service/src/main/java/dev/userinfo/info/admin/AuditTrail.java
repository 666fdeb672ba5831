package dev.userinfo.info.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Writes the audit trail (issue #18, table {@code audit_trail}): the changes of one admin write, on that write's own
 * transaction, so a change is never committed without its record nor recorded without being committed.
 */
@ApplicationScoped
public class AuditTrail {

    private final ObjectMapper json;

    public AuditTrail(ObjectMapper json) {
        this.json = json;
    }

    /** One statement for all the changes (an import may make thousands), in their order. */
    public Uni<Void> record(SqlClient tx, String actor, List<Touched.Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = changes.size();
        String[] actions = new String[n];
        String[] targets = new String[n];
        String[] befores = new String[n];
        String[] afters = new String[n];
        for (int i = 0; i < n; i++) {
            Touched.Change change = changes.get(i);
            actions[i] = change.action();
            targets[i] = change.target();
            befores[i] = encode(change.before());
            afters[i] = encode(change.after());
        }
        return AdminWrites.run(tx, """
                INSERT INTO audit_trail (actor, action, target, before, after)
                SELECT $1, c.action, c.target, c.before::jsonb, c.after::jsonb
                FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS c(action, target, before, after, n)
                ORDER BY c.n""", Tuple.of(actor, actions, targets, befores, afters));
    }

    private String encode(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an admin record did not serialize", e);
        }
    }
}
