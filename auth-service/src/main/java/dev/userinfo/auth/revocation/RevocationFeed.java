package dev.userinfo.auth.revocation;

import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The revocation rows resource services follow. Rows commit in seq order (Revocations holds an advisory lock
 * from insert to commit), so "everything after seq N" never skips a late commit. A follower that finds nothing
 * new waits here (long poll); while anyone waits, this pod looks for new rows every
 * {@code auth.revocation.feed-poll-interval}, so a revocation written by any pod reaches every follower within
 * that interval plus one round trip.
 */
@ApplicationScoped
public class RevocationFeed {

    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);

    /** One rule, as followers read it. Instants are ISO-8601 (UTC). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Entry(long seq, String kind, String jti, String gid, String sub,
                        @JsonProperty("client_id") String clientId,
                        @JsonProperty("issued_before") String issuedBefore,
                        @JsonProperty("expires_at") String expiresAt) {
    }

    /** One answer: the rules after the cursor, the next cursor, and whether more are waiting. */
    @RegisterForReflection
    public record Page(List<Entry> revocations, @JsonProperty("last_seq") long lastSeq, boolean more) {
    }

    private record Waiter(long after, CompletableFuture<Void> wake) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final AuthConfig config;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long timer = -1;

    public RevocationFeed(Pool pool, Vertx vertx, AuthConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(10, config.revocation().feedPollInterval().toMillis()), id -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        waiters.forEach(w -> w.wake().complete(null));
    }

    /** Unexpired rules after {@code after}. The cursor is read before the rows, so a row committed meanwhile is never skipped. */
    public Uni<Page> after(long after) {
        int limit = config.revocation().feedPageSize();
        return pool.query("SELECT coalesce(max(seq), 0) AS latest FROM revocation").execute()
                .map(rows -> rows.iterator().next().getLong("latest"))
                .chain(latest -> pool.preparedQuery("""
                                SELECT seq, kind, token_id, grant_id, subject, client_id, issued_before, expires_at
                                FROM revocation WHERE seq > $1 AND seq <= $2 AND expires_at > now()
                                ORDER BY seq LIMIT $3""")
                        .execute(Tuple.of(after, latest, limit))
                        .map(rows -> {
                            List<Entry> entries = new ArrayList<>();
                            for (Row row : rows) {
                                entries.add(new Entry(row.getLong("seq"), row.getString("kind"), row.getString("token_id"),
                                        row.getString("grant_id"), row.getString("subject"), row.getString("client_id"),
                                        iso(row.getOffsetDateTime("issued_before")), iso(row.getOffsetDateTime("expires_at"))));
                            }
                            boolean more = entries.size() == limit;
                            long next = more ? entries.get(entries.size() - 1).seq() : Math.max(latest, after);
                            return new Page(entries, next, more);
                        }));
    }

    /** Completes when a row after {@code after} exists, or after {@code wait}. */
    public Uni<Void> awaitAfter(long after, Duration wait) {
        Waiter waiter = new Waiter(after, new CompletableFuture<>());
        waiters.add(waiter);
        return Uni.createFrom().completionStage(waiter.wake())
                .ifNoItem().after(wait).recoverWithItem((Void) null)
                .onTermination().invoke(() -> waiters.remove(waiter));
    }

    private void poll() {
        if (waiters.isEmpty() || !polling.compareAndSet(false, true)) {
            return;
        }
        pool.query("SELECT coalesce(max(seq), 0) AS latest FROM revocation").execute()
                .map(rows -> rows.iterator().next().getLong("latest"))
                .subscribe().with(latest -> {
                    polling.set(false);
                    for (Waiter waiter : waiters) {
                        if (latest > waiter.after()) {
                            waiter.wake().complete(null);
                        }
                    }
                }, failure -> {
                    polling.set(false);
                    LOG.warnf("Looking for new revocations failed: %s", failure.getMessage());
                });
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
