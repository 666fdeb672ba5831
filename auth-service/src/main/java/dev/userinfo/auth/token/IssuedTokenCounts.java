package dev.userinfo.auth.token;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.contracts.metrics.CacheStatistics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Access tokens issued per app and UTC day (issue #18, the developer console's chart). Issuing a token only adds one
 * to an in-memory counter; every {@code auth.developer.token-counts-flush-interval} (and at shutdown) one upsert adds
 * the pod's counts to {@code app_token_day}, so the token endpoint never waits for the database for this. At most
 * {@code auth.developer.token-counts-max-entries} (app, day) counts wait in memory (issue #19): while the database is
 * unreachable for long, counts of further apps are dropped and counted as evictions of cache {@code issued-token-counts}.
 */
@ApplicationScoped
@Startup
public class IssuedTokenCounts {

    private static final Logger LOG = Logger.getLogger(IssuedTokenCounts.class);

    /** One app's tokens on one day. */
    public record Day(LocalDate day, long issued) {
    }

    private record Key(String clientId, LocalDate day) {
    }

    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
    private final CacheStatistics statistics = new CacheStatistics();
    private final Pool pool;
    private final int maxEntries;

    @Inject
    public IssuedTokenCounts(Pool pool, AuthConfig config, MeterRegistry meters) {
        this(pool, config.developer().tokenCountsMaxEntries(), meters);
    }

    IssuedTokenCounts(Pool pool, int maxEntries, MeterRegistry meters) {
        this.pool = pool;
        this.maxEntries = Math.max(1, maxEntries);
        statistics.bindTo(meters, "issued-token-counts", pending, ConcurrentHashMap::size);
    }

    /** Counts one access token issued to {@code clientId} now; never blocks, never fails. */
    public void count(String clientId) {
        add(new Key(clientId, LocalDate.now(ZoneOffset.UTC)), 1L);
    }

    /** A count for a new (app, day) is dropped once the bound is reached: losing a chart bar beats growing without end. */
    private void add(Key key, long issued) {
        if (pending.size() >= maxEntries && !pending.containsKey(key)) {
            statistics.evicted(1);
            return;
        }
        pending.merge(key, issued, Long::sum);
    }

    /** Counts waiting for the next flush (tests). */
    int waiting() {
        return pending.size();
    }

    CacheStatistics statistics() {
        return statistics;
    }

    @Scheduled(every = "${auth.developer.token-counts-flush-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return flush().onFailure().invoke(e -> LOG.warnf("Token counts not written, kept for the next try: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    void stop(@Observes ShutdownEvent event) {
        try {
            flush().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("Token counts of this pod lost at shutdown: %s", e.getMessage());
        }
    }

    /**
     * Adds what was counted since the last flush to the table, in one statement; tokens of clients that are no app (the
     * deliveries' own) are dropped by the join. On failure the counts go back to memory for the next flush.
     */
    public Uni<Void> flush() {
        Map<Key, Long> taken = new LinkedHashMap<>();
        for (Key key : List.copyOf(pending.keySet())) {
            // remove() is atomic with merge(): a token counted after it starts a new entry, never lost.
            Long issued = pending.remove(key);
            if (issued != null) {
                taken.put(key, issued);
            }
        }
        if (taken.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> clients = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        taken.forEach((key, issued) -> {
            clients.add(key.clientId());
            days.add(key.day());
            counts.add(issued);
        });
        return pool.preparedQuery("""
                        INSERT INTO app_token_day (appid, day, issued)
                        SELECT a.appid, c.day, c.issued
                        FROM unnest($1::text[], $2::date[], $3::bigint[]) AS c(client_id, day, issued)
                        JOIN app a ON a.client_id = c.client_id
                        ON CONFLICT (appid, day) DO UPDATE SET issued = app_token_day.issued + EXCLUDED.issued""")
                .execute(Tuple.of(clients.toArray(String[]::new), days.toArray(LocalDate[]::new), counts.toArray(Long[]::new)))
                .onFailure().invoke(() -> taken.forEach(this::add))
                .replaceWithVoid();
    }

    /** The app's counts for the {@code days} UTC days up to today, oldest first, zero where none were issued. */
    public Uni<List<Day>> lastDays(long appid, int days) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        return pool.preparedQuery("SELECT day, issued FROM app_token_day WHERE appid = $1 AND day >= $2")
                .execute(Tuple.of(appid, first)).map(rows -> {
                    Map<LocalDate, Long> byDay = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byDay.put(row.getLocalDate("day"), row.getLong("issued"));
                    }
                    List<Day> answer = new ArrayList<>();
                    for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
                        answer.add(new Day(day, byDay.getOrDefault(day, 0L)));
                    }
                    return answer;
                });
    }
}
