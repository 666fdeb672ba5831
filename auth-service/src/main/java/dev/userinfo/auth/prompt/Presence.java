package dev.userinfo.auth.prompt;

import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Who is online. Each pod counts the user's pages open on it ({@link OpenPages}) in {@code user_presence} (its own
 * row, refreshed every {@code auth.prompts.heartbeat}), so any pod can tell whether the user is online. A pod that
 * stops ends its streams; the browsers reconnect (to any pod), and until then the grace period keeps them online.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);
    /** Session re-checks happen every this many heartbeats: a signed-out or disabled user's pages stop counting. */
    private static final int SESSION_CHECK_EVERY = 3;

    private static final String UPSERT = """
            INSERT INTO user_presence (user_id, instance_id, connections, seen_at) VALUES ($1, $2, $3, now())
            ON CONFLICT (user_id, instance_id) DO UPDATE SET connections = EXCLUDED.connections, seen_at = now()""";

    private final Pool pool;
    private final OpenPages pages;
    private final AuthConfig config;
    private final Vertx vertx;
    private final String instanceId = UUID.randomUUID().toString();
    private final ConcurrentLinkedQueue<Long> changedUsers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private long heartbeatTimer = -1;
    private long heartbeats;

    public Presence(Pool pool, OpenPages pages, AuthConfig config, Vertx vertx) {
        this.pool = pool;
        this.pages = pages;
        this.config = config;
        this.vertx = vertx;
    }

    /** A page's row counts as open this long after its pod's last heartbeat (a crashed pod stops refreshing it). */
    static Duration staleAfter(AuthConfig config) {
        return config.prompts().heartbeat().multipliedBy(3);
    }

    void start(@Observes StartupEvent event) {
        heartbeatTimer = vertx.setPeriodic(Math.max(100, config.prompts().heartbeat().toMillis()), id -> heartbeat());
    }

    void stop(@Observes ShutdownEvent event) {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        // The pages reconnect to another pod; until then the grace period keeps their users online.
        pages.closeAll();
        try {
            pool.preparedQuery("UPDATE user_presence SET connections = 0, seen_at = now() WHERE instance_id = $1")
                    .execute(Tuple.of(instanceId)).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // The rows go stale on their own after three heartbeats.
            LOG.debugf("Presence not cleared at shutdown: %s", e.getMessage());
        }
    }

    /** Counts a page that just opened; never fails (a failed write is retried at the next heartbeat). */
    Uni<Void> opened(long userId) {
        return pool.preparedQuery(UPSERT).execute(Tuple.of(userId, instanceId, pages.count(userId))).replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Recording presence failed (retried at the next heartbeat): %s", failure.getMessage());
                    changed(userId);
                    return Uni.createFrom().voidItem();
                });
    }

    /** Records a user's page count on this pod; these writes are serialized and read the count when they run. */
    void changed(long userId) {
        changedUsers.add(userId);
        writePresence();
    }

    private void writePresence() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        Set<Long> users = new HashSet<>();
        for (Long id; (id = changedUsers.poll()) != null; ) {
            users.add(id);
        }
        if (users.isEmpty()) {
            writing.set(false);
            if (!changedUsers.isEmpty()) {
                writePresence();
            }
            return;
        }
        List<Tuple> rows = new ArrayList<>();
        for (long user : users) {
            int open = pages.count(user);
            if (open == 0) {
                pages.forgetIfNone(user);
            }
            rows.add(Tuple.of(user, instanceId, open));
        }
        pool.preparedQuery(UPSERT).executeBatch(rows)
                .subscribe().with(ok -> {
                    writing.set(false);
                    writePresence();
                }, failure -> {
                    LOG.warnf("Recording presence failed (retried at the next heartbeat): %s", failure.getMessage());
                    changedUsers.addAll(users);
                    writing.set(false);
                });
    }

    /** Keeps this pod's open pages online, tells their browsers the stream is alive, and drops ended sessions. */
    private void heartbeat() {
        // Every local count is rewritten: concurrent opens and closes can only leave a count wrong until here.
        changedUsers.addAll(pages.users());
        writePresence();
        pool.preparedQuery("UPDATE user_presence SET seen_at = now() WHERE instance_id = $1 AND connections > 0")
                .execute(Tuple.of(instanceId))
                .chain(() -> pool.preparedQuery("DELETE FROM user_presence WHERE seen_at < now() - interval '1 hour'").execute())
                .subscribe().with(ok -> { }, failure -> LOG.warnf("Presence heartbeat failed: %s", failure.getMessage()));
        pages.ping();
        if (++heartbeats % SESSION_CHECK_EVERY == 0) {
            closeEndedSessions();
        }
    }

    /** Logout, expiry, a disabled or deleted user: that session's pages stop counting as online. */
    private void closeEndedSessions() {
        List<OpenPages.Page> open = pages.all();
        if (open.isEmpty()) {
            return;
        }
        String[] hashes = open.stream().map(OpenPages.Page::sessionHash).distinct().toArray(String[]::new);
        pool.preparedQuery("""
                        SELECT encode(s.id_hash, 'hex') AS hash FROM browser_session s JOIN app_user u ON u.id = s.user_id
                        WHERE encode(s.id_hash, 'hex') = ANY($1) AND s.expires_at > now() AND u.status = 'active'""")
                .execute(Tuple.of(hashes))
                .subscribe().with(rows -> {
                    Set<String> live = new HashSet<>();
                    for (Row row : rows) {
                        live.add(row.getString("hash"));
                    }
                    open.stream().filter(page -> !live.contains(page.sessionHash())).forEach(OpenPages.Page::close);
                }, failure -> LOG.warnf("Checking the sessions of open pages failed: %s", failure.getMessage()));
    }
}
