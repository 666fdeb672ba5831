package dev.userinfo.auth.prompt;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.contracts.listen.ListenConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * How every pod hears whose prompts changed: PostgreSQL LISTEN/NOTIFY on {@code auth.prompts.channel}. A
 * notification names a user (sent when the writing transaction commits); each pod sends that user's open pages on
 * it their current pending prompts ({@link PromptStreams}).
 */
@ApplicationScoped
public class PromptChannel {

    private static final Logger LOG = Logger.getLogger(PromptChannel.class);

    private final Vertx vertx;
    private final AuthConfig config;
    private final Config mpConfig;
    private final PromptStreams streams;
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;

    public PromptChannel(Vertx vertx, AuthConfig config, Config mpConfig, PromptStreams streams) {
        this.vertx = vertx;
        this.config = config;
        this.mpConfig = mpConfig;
        this.streams = streams;
    }

    void start(@Observes StartupEvent event) {
        PgSubscriber sub = subscriber();
        sub.channel(name())
                .subscribeHandler(v -> {
                    listening = true;
                    LOG.debugf("Listening for prompts on channel %s", name());
                })
                .endHandler(v -> listening = false)
                .handler(this::notified);
        sub.closeHandler(v -> listening = false);
        subscriber = sub;
        sub.connect().onFailure(e -> LOG.warnf("Cannot listen for prompts yet: %s", e.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber sub = subscriber;
        if (sub != null) {
            sub.close();
        }
    }

    /** Whether this pod hears prompt notifications (readiness). */
    public boolean listening() {
        return listening;
    }

    /** The channel's name, for a notification sent from SQL. */
    String name() {
        return config.prompts().channel();
    }

    /** Tells every pod, when {@code conn}'s transaction commits, that this user's prompts changed. */
    Uni<Void> notifyUser(SqlConnection conn, long userId) {
        return conn.preparedQuery("SELECT 1 FROM pg_notify($1, $2)").execute(Tuple.of(name(), Long.toString(userId)))
                .replaceWithVoid();
    }

    private void notified(String payload) {
        try {
            streams.push(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.debugf("Ignoring a prompt notification that names no user");
        }
    }

    /** The LISTEN connection, with the datasource's TLS settings; it reconnects for ever, at most every 2 s. */
    private PgSubscriber subscriber() {
        return ListenConnection.subscriber(vertx, mpConfig);
    }
}
