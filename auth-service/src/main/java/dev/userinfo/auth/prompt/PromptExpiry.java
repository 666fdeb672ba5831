package dev.userinfo.auth.prompt;

import dev.userinfo.auth.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prompts past their lifetime ({@code auth.prompts.lifetime}) become expired, audited, and vanish from the pages
 * they were shown on; sealed codes are forgotten after the code lifetime and whole requests after
 * {@code auth.prompts.retention}. {@link PromptSweep} runs it on every pod; opening a request runs it for that app.
 */
@ApplicationScoped
public class PromptExpiry {

    private final Pool pool;
    private final PromptChannel channel;
    private final AuthConfig config;

    public PromptExpiry(Pool pool, PromptChannel channel, AuthConfig config) {
        this.pool = pool;
        this.channel = channel;
        this.config = config;
    }

    /** Marks every prompt past its lifetime expired (audited), tells the pages, and forgets sealed codes and old rows. */
    public Uni<Integer> sweep() {
        long codeSeconds = config.codes().lifetime().toSeconds();
        return pool.withTransaction(conn -> expire(conn, null)
                .call(() -> conn.preparedQuery("""
                                UPDATE authorization_prompt SET code_sealed = NULL
                                WHERE code_sealed IS NOT NULL AND answered_at < now() - make_interval(secs => $1)""")
                        .execute(Tuple.of((double) codeSeconds)))
                .call(() -> conn.preparedQuery("""
                                DELETE FROM authorization_prompt WHERE id IN
                                (SELECT id FROM authorization_prompt WHERE created_at < now() - make_interval(secs => $1) LIMIT 10000)""")
                        .execute(Tuple.of((double) config.prompts().retention().toSeconds()))));
    }

    /**
     * Expires the due prompts (of one app, or all) in {@code conn}'s transaction, records each expiry and notifies
     * the users who were shown one. Returns how many expired.
     */
    Uni<Integer> expire(SqlConnection conn, Long appid) {
        return conn.preparedQuery("""
                        WITH expired AS (
                          UPDATE authorization_prompt SET status = 'expired', answered_at = now()
                          WHERE status = 'pending' AND expires_at <= now() AND ($1::bigint IS NULL OR appid = $1)
                          RETURNING id, user_id, pushed),
                        logged AS (INSERT INTO authorization_prompt_event (prompt_id, event) SELECT id, 'expired' FROM expired)
                        SELECT (SELECT count(*) FROM expired) AS expired,
                               (SELECT count(*) FROM (SELECT pg_notify($2, user_id::text) FROM (SELECT DISTINCT user_id FROM expired WHERE pushed) u) n) AS told""")
                .execute(Tuple.of(appid, channel.name()))
                .map(rows -> rows.iterator().next().getLong("expired").intValue());
    }
}
