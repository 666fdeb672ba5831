package dev.userinfo.auth.delivery;

import dev.userinfo.contracts.metrics.PlatformMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The {@code platform_outbox_lag_seconds} gauge (issue #16 item 9, docs/metrics.md): per subscriber and feed, the age
 * of the oldest event it has not acknowledged, 0 when caught up. Subscribers are configuration, so the series are
 * few. Every pod measures the same rows; the alert takes the maximum.
 */
@ApplicationScoped
public class OutboxLag {

    private static final Logger LOG = Logger.getLogger(OutboxLag.class);

    private final EventDispatcher dispatcher;
    private final Pool pool;
    private final MeterRegistry meters;
    private final Map<EventDispatcher.Target, AtomicReference<Double>> lags = new ConcurrentHashMap<>();

    public OutboxLag(EventDispatcher dispatcher, Pool pool, MeterRegistry meters) {
        this.dispatcher = dispatcher;
        this.pool = pool;
        this.meters = meters;
    }

    @Scheduled(every = "${auth.delivery.lag-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measure() {
        return Multi.createFrom().iterable(dispatcher.targets())
                .onItem().transformToUniAndMerge(target -> lag(target).invoke(seconds -> gauge(target).set(seconds)))
                .collect().last().replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Measuring the outbox lag failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Seconds since the first event after this subscriber's cursor was written; the cursor may not exist yet. */
    private Uni<Double> lag(EventDispatcher.Target target) {
        return pool.preparedQuery("SELECT coalesce(extract(epoch FROM now() - min(e.occurred_at)), 0)::float8 AS lag FROM ("
                        + "SELECT occurred_at FROM auth." + target.feed().table + " WHERE seq > coalesce((SELECT delivered_seq "
                        + "FROM auth.delivery_cursor WHERE subscriber = $1 AND feed = $2), 0) ORDER BY seq LIMIT 1) e")
                .execute(Tuple.of(target.subscriber(), target.feed().id))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return Math.max(0, row.getDouble("lag"));
                });
    }

    private AtomicReference<Double> gauge(EventDispatcher.Target target) {
        return lags.computeIfAbsent(target, t -> {
            AtomicReference<Double> value = new AtomicReference<>(0.0);
            Gauge.builder(PlatformMeters.OUTBOX_LAG, value, AtomicReference::get).baseUnit(PlatformMeters.SECONDS)
                    .description("Age of the oldest event this subscriber has not acknowledged (0: caught up)")
                    .tag("subscriber", t.subscriber()).tag("feed", t.feed().id)
                    .register(meters);
            return value;
        });
    }
}
