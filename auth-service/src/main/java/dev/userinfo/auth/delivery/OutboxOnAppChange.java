package dev.userinfo.auth.delivery;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppChangeObserver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every app change becomes its outbox event in the change's transaction (docs/internal-contracts.md §5). */
@ApplicationScoped
public class OutboxOnAppChange implements AppChangeObserver {

    private final Outbox outbox;

    public OutboxOnAppChange(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> written(String type, App app) {
        return outbox.append(Feed.APP_EVENTS, type, app.appid, snapshot(app));
    }

    @Override
    public Uni<Void> deleted(long appid, long version) {
        return outbox.append(Feed.APP_EVENTS, "app.deleted", appid, deletedSnapshot(appid, version));
    }

    /** The app as the contract shows it; V11's backfill builds the same object in SQL. */
    static Map<String, Object> snapshot(App app) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("appid", app.appid);
        snapshot.put("client_id", app.clientId);
        snapshot.put("name", app.name);
        snapshot.put("status", app.enabled ? "active" : "disabled");
        snapshot.put("version", app.version);
        return snapshot;
    }

    static Map<String, Object> deletedSnapshot(long appid, long version) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("appid", appid);
        snapshot.put("status", "deleted");
        snapshot.put("version", version);
        return snapshot;
    }
}
