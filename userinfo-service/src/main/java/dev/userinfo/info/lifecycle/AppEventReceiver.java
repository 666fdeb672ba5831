package dev.userinfo.info.lifecycle;

import dev.userinfo.contracts.appevent.AppEvent;
import dev.userinfo.info.profile.ChangeFeed;
import dev.userinfo.info.profile.UserDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * Applies a batch of app registration events (docs/internal-contracts.md §5) in one transaction, each only if its
 * version is greater than the one held. auth-service owns an app's identity (appid, client_id, name, status); this
 * service owns only what it adds (directory_access, groups).
 */
@ApplicationScoped
public class AppEventReceiver {

    // A deleted app keeps a tombstone (appid, status, version, no client_id) so an older event cannot bring it back;
    // what this service added to it goes with it.
    private static final String UPSERT = """
            INSERT INTO app (app_id, client_id, name, status, version) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (app_id) DO UPDATE SET client_id = EXCLUDED.client_id, name = EXCLUDED.name,
                status = EXCLUDED.status, version = EXCLUDED.version,
                directory_access = CASE WHEN EXCLUDED.status = 'deleted' THEN false ELSE app.directory_access END
            WHERE app.version < EXCLUDED.version""";

    private final Pool pool;
    private final ChangeFeed feed;
    private final UserDirectory directory;

    public AppEventReceiver(Pool pool, ChangeFeed feed, UserDirectory directory) {
        this.pool = pool;
        this.feed = feed;
        this.directory = directory;
    }

    public Uni<UserEventReceiver.Outcome> apply(List<AppEvent> events) {
        int[] applied = {0};
        return pool.withTransaction(tx -> applyFrom(tx, events, 0, applied)
                        // Cached user views carry per-app answers (groups, directory access): every pod drops them.
                        .call(() -> applied[0] > 0 ? feed.announceAll(tx) : Uni.createFrom().voidItem()))
                .invoke(() -> {
                    if (applied[0] > 0) {
                        directory.invalidateAll();
                    }
                })
                .map(ignored -> new UserEventReceiver.Outcome(applied[0], events.size() - applied[0]));
    }

    private Uni<Void> applyFrom(SqlConnection tx, List<AppEvent> events, int index, int[] applied) {
        if (index == events.size()) {
            return Uni.createFrom().voidItem();
        }
        AppEvent.App app = events.get(index).app();
        return tx.preparedQuery("SELECT version FROM app WHERE app_id = $1 FOR UPDATE").execute(Tuple.of(app.appid()))
                .flatMap(rows -> {
                    boolean newer = rows.rowCount() == 0 || rows.iterator().next().getLong("version") < app.version();
                    if (!newer) {
                        return applyFrom(tx, events, index + 1, applied);
                    }
                    applied[0]++;
                    return write(tx, app).flatMap(ignored -> applyFrom(tx, events, index + 1, applied));
                });
    }

    private static Uni<Void> write(SqlConnection tx, AppEvent.App app) {
        boolean deleted = app.deleted();
        // client_id is unique at auth-service: a row here still holding it for another appid is stale (a deleted
        // app whose tombstone has not arrived, or a hand registration from before §5), so it gives the client_id up.
        Uni<Void> release = deleted ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE app SET client_id = NULL WHERE client_id = $1 AND app_id <> $2")
                    .execute(Tuple.of(app.clientId(), app.appid())).replaceWithVoid();
        Tuple row = Tuple.tuple(Arrays.asList(app.appid(), deleted ? null : app.clientId(), deleted ? "" : app.name(),
                app.status(), app.version()));
        Uni<Void> upsert = release.flatMap(ignored -> tx.preparedQuery(UPSERT).execute(row)).replaceWithVoid();
        if (!deleted) {
            return upsert;
        }
        return upsert
                .flatMap(ignored -> tx.preparedQuery("DELETE FROM group_member WHERE app_id = $1").execute(Tuple.of(app.appid())))
                .flatMap(ignored -> tx.preparedQuery("DELETE FROM app_group WHERE app_id = $1").execute(Tuple.of(app.appid())))
                .replaceWithVoid();
    }
}
