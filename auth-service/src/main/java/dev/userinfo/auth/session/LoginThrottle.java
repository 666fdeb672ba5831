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

    /** How long this try must still wait; {@link Duration#ZERO} when it may go ahead. */
    public Uni<Duration> waitFor(String login, String clientIp) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT CAST(EXTRACT(EPOCH FROM max(blocked_until) - now()) AS double precision) FROM login_throttle
                        WHERE throttle_key IN (:account, :ip) AND blocked_until > now()""", Double.class)
                .setParameter("account", accountKey(login)).setParameter("ip", ipKey(clientIp))
                .getSingleResultOrNull()))
                .map(seconds -> seconds == null || seconds <= 0 ? Duration.ZERO
                        : Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    }

    /** Counts a failed try against the account and the IP. */
    public Uni<Void> failed(String login, String clientIp) {
        return Panache.withTransaction(() -> count(accountKey(login), config.freeFailures())
                .chain(() -> count(ipKey(clientIp), config.freeFailuresPerIp())));
    }

    /** A successful login clears the account's count (not the IP's: one good password must not unlock guessing). */
    public Uni<Void> succeeded(String login) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM login_throttle WHERE throttle_key = :key")
                .setParameter("key", accountKey(login)).executeUpdate())).replaceWithVoid();
    }

    private Uni<Void> count(String key, int free) {
        long windowSeconds = Math.max(1, config.failureWindow().toSeconds());
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO login_throttle (throttle_key, failures, window_started_at) VALUES (:key, 1, now())
                        ON CONFLICT (throttle_key) DO UPDATE SET
                          failures = CASE WHEN login_throttle.window_started_at < now() - make_interval(secs => :window)
                                          THEN 1 ELSE login_throttle.failures + 1 END,
                          window_started_at = CASE WHEN login_throttle.window_started_at < now() - make_interval(secs => :window)
                                          THEN now() ELSE login_throttle.window_started_at END
                        RETURNING failures""", Integer.class)
                .setParameter("key", key).setParameter("window", (double) windowSeconds)
                .getSingleResult()
                .chain(failures -> {
                    if (failures <= free) {
                        return Uni.createFrom().voidItem();
                    }
                    double delay = delaySeconds(failures - free);
                    return session.createNativeQuery("""
                                    UPDATE login_throttle SET blocked_until = now() + make_interval(secs => :delay)
                                    WHERE throttle_key = :key""")
                            .setParameter("delay", delay).setParameter("key", key).executeUpdate().replaceWithVoid();
                }));
    }

    /** The wait after the n-th failure beyond the free ones: first delay × 2^(n-1), at most the maximum. */
    double delaySeconds(int beyondFree) {
        double first = config.firstFailureDelay().toMillis() / 1000.0;
        double max = config.maxFailureDelay().toMillis() / 1000.0;
        double delay = first * Math.pow(2, Math.min(30, beyondFree - 1));
        return Math.min(delay, max);
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
