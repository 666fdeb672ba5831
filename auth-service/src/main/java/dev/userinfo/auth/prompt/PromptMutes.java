package dev.userinfo.auth.prompt;

import dev.userinfo.auth.app.AppRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;

/** A user turns an authorized app's prompts off or on again (the Prompts column of {@code /account/apps}, issue #6). */
@ApplicationScoped
public class PromptMutes {

    private final Pool pool;
    private final PromptChannel channel;

    public PromptMutes(Pool pool, PromptChannel channel) {
        this.pool = pool;
        this.channel = channel;
    }

    /** Mutes or unmutes an app the user has authorized; false when they have not authorized such an app. */
    public Uni<Boolean> mute(long userId, String clientId, boolean muted) {
        if (!AppRegistry.isWellFormedClientId(clientId)) {
            return Uni.createFrom().item(false);
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT a.appid FROM consent c JOIN app a ON a.appid = c.appid WHERE c.user_id = $1 AND a.client_id = $2""")
                .execute(Tuple.of(userId, clientId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    long appid = rows.iterator().next().getLong("appid");
                    String sql = muted ? "INSERT INTO prompt_mute (user_id, appid) VALUES ($1, $2) ON CONFLICT DO NOTHING"
                            : "DELETE FROM prompt_mute WHERE user_id = $1 AND appid = $2";
                    // The user's pages drop (or may show again) that app's pending prompts.
                    return conn.preparedQuery(sql).execute(Tuple.of(userId, appid))
                            .chain(() -> channel.notifyUser(conn, userId)).replaceWith(true);
                }));
    }

    /** The client_ids of the apps this user muted. */
    public Uni<Set<String>> mutedApps(long userId) {
        return pool.preparedQuery("SELECT a.client_id FROM prompt_mute m JOIN app a ON a.appid = m.appid WHERE m.user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    Set<String> muted = new HashSet<>();
                    rows.forEach(row -> muted.add(row.getString("client_id")));
                    return muted;
                });
    }
}
