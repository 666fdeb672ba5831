package dev.userinfo.auth.delivery;

import dev.userinfo.auth.config.AuthConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Deletes outbox rows every configured subscriber of their feed has acknowledged (issue #16 item 9: one user_event row
 * per login would otherwise grow for ever), and only once they are older than {@code auth.delivery.prune.retention},
 * so an operator can still replay recent events by lowering a cursor. Only subscribers in the configuration count: a
 * removed one no longer holds rows back; its cursor row stays, and if it is added again it resumes from it but
 * receives only the rows still there. A configured subscriber without a cursor yet holds everything. The newest row of
 * each outbox is always kept, so {@code /admin/deliveries} still shows the latest seq. One pod at a time (a try-lock),
 * at most {@code batch} rows per feed per run.
 */
@ApplicationScoped
public class OutboxPruning {

    private static final Logger LOG = Logger.getLogger(OutboxPruning.class);
    /** pg_try_advisory_xact_lock key: one pod prunes at a time, the others skip that run. */
    private static final long PRUNE_LOCK = 0x4f5554424f585052L;

    private final AuthConfig.Delivery config;
    private final EventDispatcher dispatcher;
    private final Pool pool;
    private final MeterRegistry registry;

    public OutboxPruning(AuthConfig config, EventDispatcher dispatcher, Pool pool, MeterRegistry registry) {
        this.config = config.delivery();
        this.dispatcher = dispatcher;
        this.pool = pool;
        this.registry = registry;
    }

    @Scheduled(every = "${auth.delivery.prune.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        Instant before = Instant.now().minus(config.prune().retention());
        return Multi.createFrom().items(Feed.values())
                .onItem().transformToUniAndConcatenate(feed -> prune(feed, subscribers(feed), before, config.prune().batch()))
                .collect().last().replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Pruning the outboxes failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The configured subscribers of {@code feed}, by name. */
    Set<String> subscribers(Feed feed) {
        Set<String> names = new TreeSet<>();
        dispatcher.targets().stream().filter(target -> target.feed() == feed).forEach(target -> names.add(target.subscriber()));
        return names;
    }

    /**
     * Deletes at most {@code batch} rows of {@code feed} that every one of {@code subscribers} has acknowledged and that
     * occurred before {@code before}; the count deleted, or 0 when another pod is pruning.
     */
    Uni<Integer> prune(Feed feed, Set<String> subscribers, Instant before, int batch) {
        return pool.withTransaction(connection -> connection.query("SELECT pg_try_advisory_xact_lock(" + PRUNE_LOCK + ") AS locked")
                .execute()
                .chain(lock -> lock.iterator().next().getBoolean("locked")
                        ? acknowledgedByAll(connection, feed, subscribers)
                                .chain(bound -> delete(connection, feed, bound, before, batch))
                        : Uni.createFrom().item(0)))
                .invoke(count -> {
                    if (count > 0) {
                        registry.counter("auth.outbox.pruned", "feed", feed.id).increment(count);
                        LOG.infof("Outbox %s: %d delivered rows older than %s pruned", feed.id, count, before);
                    }
                });
    }

    /** The highest seq every subscriber has acknowledged; 0 when one has no cursor yet, unbounded when none take it. */
    private static Uni<Long> acknowledgedByAll(SqlConnection connection, Feed feed, Set<String> subscribers) {
        if (subscribers.isEmpty()) {
            return Uni.createFrom().item(Long.MAX_VALUE);
        }
        return connection.preparedQuery("""
                        SELECT count(*) AS cursors, coalesce(min(delivered_seq), 0) AS bound FROM auth.delivery_cursor
                        WHERE feed = $1 AND subscriber = ANY($2)""")
                .execute(Tuple.of(feed.id, subscribers.toArray(new String[0])))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getLong("cursors") < subscribers.size() ? 0L : row.getLong("bound");
                });
    }

    private static Uni<Integer> delete(SqlConnection connection, Feed feed, long bound, Instant before, int batch) {
        if (bound <= 0) {
            return Uni.createFrom().item(0);
        }
        // Oldest first along the primary key; the newest row stays so the feed's latest seq stays visible.
        return connection.preparedQuery("DELETE FROM auth." + feed.table + " WHERE seq IN (SELECT seq FROM auth." + feed.table
                        + " WHERE seq <= $1 AND occurred_at < $2 AND seq < (SELECT max(seq) FROM auth." + feed.table + ")"
                        + " ORDER BY seq LIMIT $3)")
                .execute(Tuple.of(bound, before.atOffset(ZoneOffset.UTC), batch))
                .map(rows -> rows.rowCount());
    }
}
