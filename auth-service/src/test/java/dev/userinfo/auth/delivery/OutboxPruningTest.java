package dev.userinfo.auth.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.auth.testing.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Outbox pruning (issue #16 item 9) on the real outbox tables. The rows here "occurred" in 2001, long before any other
 * test's, and the subscribers are this test's own names, so the rule is exercised without touching other tests' rows.
 */
@QuarkusTest
class OutboxPruningTest {

    private static final Instant OLD = Instant.parse("2001-01-01T00:00:00Z");
    /** The retention cut: rows before it may go, rows after it stay. */
    private static final Instant CUTOFF = OLD.plus(Duration.ofDays(7));
    private static final Instant RECENT = CUTOFF.plus(Duration.ofDays(1));

    @Inject
    OutboxPruning pruning;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private final String a = Fixtures.unique("prune-a");
    private final String b = Fixtures.unique("prune-b");
    private final String removed = Fixtures.unique("prune-removed");

    private long event(Feed feed, Instant occurredAt) {
        return pool.preparedQuery("INSERT INTO auth." + feed.table + " (event_id, " + feed.subjectColumn
                        + ", type, payload, occurred_at) VALUES (gen_random_uuid(), 1, $1, '{}'::jsonb, $2) RETURNING seq")
                .execute(Tuple.of(feed == Feed.USER_EVENTS ? "user.updated" : "app.updated", occurredAt.atOffset(ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("seq");
    }

    private void cursor(String subscriber, Feed feed, long deliveredSeq) {
        pool.preparedQuery("""
                        INSERT INTO auth.delivery_cursor (subscriber, feed, delivered_seq) VALUES ($1, $2, $3)
                        ON CONFLICT (subscriber, feed) DO UPDATE SET delivered_seq = excluded.delivered_seq""")
                .execute(Tuple.of(subscriber, feed.id, deliveredSeq)).await().atMost(Duration.ofSeconds(10));
    }

    private List<Long> present(Feed feed, List<Long> seqs) {
        List<Long> found = new ArrayList<>();
        pool.preparedQuery("SELECT seq FROM auth." + feed.table + " WHERE seq = ANY($1) ORDER BY seq")
                .execute(Tuple.of(seqs.toArray(new Long[0]))).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> found.add(row.getLong("seq")));
        return found;
    }

    private int prune(Feed feed, Set<String> subscribers, int batch) {
        return pruning.prune(feed, subscribers, CUTOFF, batch).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void rowsBehindEveryConfiguredCursorAndOlderThanTheRetentionGoAndNoOthers() {
        for (Feed feed : Feed.values()) {
            // Only this test's rows are that old; another method's leftovers would be counted here.
            pool.query("DELETE FROM auth." + feed.table + " WHERE occurred_at < '2002-01-01'").execute()
                    .await().atMost(Duration.ofSeconds(10));
            long first = event(feed, OLD);
            long second = event(feed, OLD);
            long notReceivedByA = event(feed, OLD);
            long recent = event(feed, RECENT);
            List<Long> all = List.of(first, second, notReceivedByA, recent);
            cursor(a, feed, second);
            cursor(b, feed, recent);
            cursor(removed, feed, 0); // no longer configured: it must not hold the rows back

            assertEquals(0, prune(feed, Set.of(a, b, Fixtures.unique("prune-new")), 10_000),
                    "a configured subscriber without a cursor has received nothing: everything stays");
            double before = registry.counter("auth.outbox.pruned", "feed", feed.id).count();
            assertEquals(1, prune(feed, Set.of(a, b), 1), "at most one batch per run");
            assertEquals(1, prune(feed, Set.of(a, b), 10_000));
            assertEquals(List.of(notReceivedByA, recent), present(feed, all), feed.id + ": what a has not received stays");
            assertEquals(before + 2, registry.counter("auth.outbox.pruned", "feed", feed.id).count(), 0.0);

            cursor(a, feed, recent);
            assertEquals(1, prune(feed, Set.of(a, b), 10_000));
            assertEquals(List.of(recent), present(feed, all), feed.id + ": a row younger than the retention stays, delivered or not");
        }
    }

    @Test
    void theNewestRowStaysSoTheLatestSeqRemainsVisible() {
        long newest = event(Feed.APP_EVENTS, OLD);
        // No subscriber takes the feed: every row older than the retention may go, but the newest one stays.
        prune(Feed.APP_EVENTS, Set.of(), 10_000);
        assertEquals(List.of(newest), present(Feed.APP_EVENTS, List.of(newest)));
    }
}
