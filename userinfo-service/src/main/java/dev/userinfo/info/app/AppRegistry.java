package dev.userinfo.info.app;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Active apps by numeric id or client_id, as auth-service announced them (docs/internal-contracts.md §5). A disabled
 * or deleted app is unknown here, as to auth-service's token endpoint. Read from PostgreSQL on every call: a
 * primary-key lookup, and never stale.
 */
@ApplicationScoped
public class AppRegistry {

    private final Pool pool;

    public AppRegistry(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<App>> byAppId(long appId) {
        return pool.preparedQuery("SELECT app_id, client_id, directory_access FROM app WHERE app_id = $1 AND status = 'active'")
                .execute(Tuple.of(appId)).map(AppRegistry::first);
    }

    public Uni<Optional<App>> byClientId(String clientId) {
        return pool.preparedQuery("SELECT app_id, client_id, directory_access FROM app WHERE client_id = $1 AND status = 'active'")
                .execute(Tuple.of(clientId)).map(AppRegistry::first);
    }

    static Optional<App> first(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Row r = it.next();
        return Optional.of(new App(r.getLong("app_id"), r.getString("client_id"), r.getBoolean("directory_access")));
    }
}
