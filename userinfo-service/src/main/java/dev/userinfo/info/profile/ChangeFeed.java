package dev.userinfo.info.profile;

import dev.userinfo.contracts.listen.ListenConnection;
import dev.userinfo.info.config.UserinfoConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Tells every pod which users changed, through PostgreSQL LISTEN/NOTIFY on this service's own database.
 *
 * <p>Writers call {@link #announce} inside their transaction: PostgreSQL delivers a NOTIFY only when that
 * transaction commits, so no pod drops a cache entry before the change is visible. While this pod is not
 * listening (start, lost connection) {@link UserDirectory} bypasses its cache, and on every (re)subscription the
 * whole cache is dropped, since notifications sent meanwhile are lost.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    /** Payload meaning "everything may have changed" (an organisation or role renamed). */
    static final String ALL = "*";
    // PostgreSQL's NOTIFY payload limit is 8000 bytes; longer id lists become "everything".
    private static final int MAX_PAYLOAD = 7900;

    private final UserinfoConfig config;
    private final UserDirectory directory;
    private final Vertx vertx;
    private final Config mpConfig;
    private volatile PgSubscriber subscriber;

    public ChangeFeed(UserinfoConfig config, UserDirectory directory, Vertx vertx, Config mpConfig) {
        this.config = config;
        this.directory = directory;
        this.vertx = vertx;
        this.mpConfig = mpConfig;
    }

    void start(@Observes StartupEvent event) {
        if (config.cache().maxSize() <= 0) {
            return;
        }
        // Reconnects for ever: the cache stays bypassed until we listen again.
        PgSubscriber sub = ListenConnection.subscriber(vertx, mpConfig);
        sub.channel(config.cache().channel())
                .subscribeHandler(v -> directory.listening(true))
                .endHandler(v -> directory.listening(false))
                .handler(this::received);
        sub.closeHandler(v -> directory.listening(false));
        subscriber = sub;
        sub.connect().onFailure(e -> LOG.warnf("Cannot listen for changes yet (%s); serving without cache", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber sub = subscriber;
        if (sub != null) {
            sub.close();
        }
    }

    private void received(String payload) {
        if (payload == null || payload.isEmpty() || ALL.equals(payload)) {
            directory.invalidateAll();
            return;
        }
        for (String id : payload.split(",")) {
            try {
                directory.invalidate(Long.parseLong(id));
            } catch (NumberFormatException e) {
                directory.invalidateAll();
                return;
            }
        }
    }

    /** Inside the writer's transaction: these users changed. Delivered to every pod on commit. */
    public Uni<Void> announce(SqlClient tx, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String payload = userIds.stream().distinct().map(String::valueOf).collect(Collectors.joining(","));
        return notify(tx, payload.length() > MAX_PAYLOAD ? ALL : payload);
    }

    /** Inside the writer's transaction: anyone may have changed. */
    public Uni<Void> announceAll(SqlClient tx) {
        return notify(tx, ALL);
    }

    private Uni<Void> notify(SqlClient tx, String payload) {
        return tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(config.cache().channel(), payload))
                .replaceWithVoid();
    }
}
