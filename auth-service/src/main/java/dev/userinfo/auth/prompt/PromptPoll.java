package dev.userinfo.auth.prompt;

import dev.userinfo.auth.app.App;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** What the app sees when it polls a request it opened (CIBA-like, README "Authorization prompts"). */
@ApplicationScoped
public class PromptPoll {

    /** The request's status as seen now; an approved one carries the code the user's approval issued. */
    public record PollState(String requestId, PromptStatus status, long expiresIn, String code, String state, String redirectUri) {
    }

    private final Pool pool;
    private final PromptCodeSeal seal;

    public PromptPoll(Pool pool, PromptCodeSeal seal) {
        this.pool = pool;
        this.seal = seal;
    }

    /** Null for an unknown id or another app's. */
    public Uni<PollState> poll(App app, String requestId) {
        if (!PromptIds.wellFormed(requestId)) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("""
                        SELECT %s AS status, state, redirect_uri, code_sealed,
                               ceil(extract(epoch FROM expires_at - now()))::bigint AS remaining
                        FROM authorization_prompt WHERE id = $1 AND appid = $2""".formatted(PromptStatus.AS_SEEN_SQL))
                .execute(Tuple.of(requestId, app.appid))
                .map(rows -> rows.size() == 0 ? null : state(requestId, rows.iterator().next()));
    }

    private PollState state(String requestId, Row row) {
        PromptStatus status = PromptStatus.of(row.getString("status"));
        return switch (status) {
            case PENDING -> new PollState(requestId, status, Math.max(1, row.getLong("remaining")), null, null, null);
            case APPROVED -> {
                // Forgotten by the sweep once the code could no longer be redeemed anyway.
                Buffer sealed = row.getBuffer("code_sealed");
                yield new PollState(requestId, status, 0, sealed == null ? null : seal.open(requestId, sealed.getBytes()),
                        row.getString("state"), row.getString("redirect_uri"));
            }
            case DENIED, EXPIRED -> new PollState(requestId, status, 0, null, null, null);
        };
    }
}
