package dev.userinfo.auth.session;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Slows down password guessing (OWASP authentication cheat sheet; NIST SP 800-63B §5.2.2): after the free failures
 * within the window, each further failure for an account or a client IP blocks the next try for a wait that
 * doubles up to a maximum. Counters live in PostgreSQL so every pod agrees. Unknown logins are counted exactly
 * like known ones, so the answers never reveal whether an account exists.
 */
@ApplicationScoped
public class LoginThrottle {

    private final AuthConfig.Sessions config;

    public LoginThrottle(AuthConfig config) {
        this.config = config.sessions();
    }

    /**
     * Counts this try against the account and the address BEFORE the password is checked, in one statement, and
     * says how long it must still wait ({@link Duration#ZERO}: go ahead, it is counted). A key already blocked is
     * not counted again; each row is updated under its row lock, so N parallel tries let at most the free ones (and
     * the one that sets the block) through to the hasher (issue #13 item 5). The n-th try beyond the free ones
     * blocks the key for first delay × 2^(n-1), at most the maximum.
     */
    public Uni<Duration> attempt(String login, String clientIp) {
        long windowSeconds = Math.max(1, config.failureWindow().toSeconds());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        WITH counted AS (
                          INSERT INTO login_throttle AS t (throttle_key, failures, window_started_at, blocked_until)
                          SELECT k.key, 1, now(), CASE WHEN 1 > k.free
                                 THEN now() + make_interval(secs => least(CAST(:max AS double precision), CAST(:first AS double precision))) END
                          FROM (VALUES (CAST(:account AS text), CAST(:freeAccount AS int)),
                                       (CAST(:ip AS text), CAST(:freeIp AS int))) AS k(key, free)
                          ON CONFLICT (throttle_key) DO UPDATE SET
                            failures = CASE WHEN t.window_started_at < now() - make_interval(secs => CAST(:window AS double precision))
                                            THEN 1 ELSE t.failures + 1 END,
                            window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => CAST(:window AS double precision))
                                            THEN now() ELSE t.window_started_at END,
                            blocked_until = CASE
                              WHEN t.window_started_at < now() - make_interval(secs => CAST(:window AS double precision)) THEN NULL
                              WHEN t.failures + 1 > (CASE WHEN t.throttle_key = CAST(:account AS text) THEN CAST(:freeAccount AS int) ELSE CAST(:freeIp AS int) END)
                              THEN now() + make_interval(secs => least(CAST(:max AS double precision), CAST(:first AS double precision) * power(2, least(30,
                                     t.failures - (CASE WHEN t.throttle_key = CAST(:account AS text) THEN CAST(:freeAccount AS int) ELSE CAST(:freeIp AS int) END)))))
                              END
                          WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
                          RETURNING t.throttle_key)
                        SELECT CASE WHEN (SELECT count(*) FROM counted) = 2 THEN 0.0
                          ELSE greatest(0.001, coalesce(CAST(EXTRACT(EPOCH FROM (SELECT max(blocked_until)
                               FROM login_throttle WHERE throttle_key IN (CAST(:account AS text), CAST(:ip AS text))) - now()) AS double precision), 0.001))
                          END""", Double.class)
                .setParameter("account", accountKey(login)).setParameter("ip", ipKey(clientIp))
                .setParameter("freeAccount", config.freeFailures()).setParameter("freeIp", config.freeFailuresPerIp())
                .setParameter("window", (double) windowSeconds)
                .setParameter("first", config.firstFailureDelay().toMillis() / 1000.0)
                .setParameter("max", config.maxFailureDelay().toMillis() / 1000.0)
                .getSingleResult()))
                .map(seconds -> seconds == null || seconds <= 0 ? Duration.ZERO
                        : Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    }

    /**
     * A successful login clears the account's count and takes this try back from the address's (it was counted
     * in {@link #attempt}); the address's block stays: one good password must not unlock guessing.
     */
    public Uni<Void> succeeded(String login, String clientIp) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM login_throttle WHERE throttle_key = :key")
                .setParameter("key", accountKey(login)).executeUpdate()
                .chain(() -> session.createNativeQuery(
                                "UPDATE login_throttle SET failures = greatest(0, failures - 1) WHERE throttle_key = :key")
                        .setParameter("key", ipKey(clientIp)).executeUpdate()))).replaceWithVoid();
    }

    /** Stale counters are forgotten once their window is over. */
    @Scheduled(every = "10m", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        long windowSeconds = Math.max(1, config.failureWindow().toSeconds());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        DELETE FROM login_throttle WHERE window_started_at < now() - make_interval(secs => :window)
                        AND (blocked_until IS NULL OR blocked_until < now())""")
                .setParameter("window", (double) windowSeconds).executeUpdate())).replaceWithVoid();
    }

    /** A hash, not the name: attempted logins (often typos of passwords) are not kept in clear. */
    public static String accountKey(String login) {
        String normalized = login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
        return "account:" + Base64.getUrlEncoder().withoutPadding().encodeToString(ClientSecrets.hash(normalized));
    }

    static String ipKey(String clientIp) {
        return "ip:" + (clientIp == null ? "unknown" : clientIp);
    }
}
