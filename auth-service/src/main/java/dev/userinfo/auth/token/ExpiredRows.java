package dev.userinfo.auth.token;

import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes what can no longer matter, so the token tables do not grow without end: codes, refresh tokens and
 * revocation rules a grace period after they expired (a replay after that is refused as unknown, which is what an
 * expired one gets anyway), then grants with nothing left to redeem or refresh and no access token still alive.
 * Every pod may run it; each statement is idempotent and deletes at most {@code batch} rows per run.
 */
@ApplicationScoped
public class ExpiredRows {

    private static final Logger LOG = Logger.getLogger(ExpiredRows.class);

    private final AuthConfig config;

    public ExpiredRows(AuthConfig config) {
        this.config = config;
    }

    @Scheduled(every = "${auth.housekeeping.interval:10m}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).invoke(deleted -> {
            if (deleted.values().stream().anyMatch(n -> n > 0)) {
                LOG.infof("Expired rows deleted: %s", deleted);
            }
        }).onFailure().invoke(failure -> LOG.warnf("Deleting expired rows failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes rows expired before {@code now} minus the grace period; returns the count per table. */
    public Uni<Map<String, Integer>> purge(Instant now) {
        Instant before = now.minus(config.housekeeping().grace());
        // No access token of a grant created before this can still be alive.
        Instant grantsBefore = before.minus(config.tokens().accessTokenLifetime());
        int batch = config.housekeeping().batch();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        return delete(deleted, "authorization_code", """
                        DELETE FROM authorization_code WHERE code_hash IN
                        (SELECT code_hash FROM authorization_code WHERE expires_at < :before LIMIT :batch)""", before, batch)
                .chain(() -> delete(deleted, "refresh_token", """
                        DELETE FROM refresh_token WHERE token_hash IN
                        (SELECT token_hash FROM refresh_token WHERE expires_at < :before LIMIT :batch)""", before, batch))
                .chain(() -> delete(deleted, "revocation", """
                        DELETE FROM revocation WHERE seq IN
                        (SELECT seq FROM revocation WHERE expires_at < :before LIMIT :batch)""", before, batch))
                .chain(() -> delete(deleted, "authorization_grant", """
                        DELETE FROM authorization_grant g WHERE g.id IN
                        (SELECT id FROM authorization_grant WHERE created_at < :before LIMIT :batch)
                        AND NOT EXISTS (SELECT 1 FROM authorization_code c WHERE c.grant_id = g.id)
                        AND NOT EXISTS (SELECT 1 FROM refresh_token r WHERE r.grant_id = g.id)""", grantsBefore, batch))
                .replaceWith(deleted);
    }

    private static Uni<Void> delete(Map<String, Integer> deleted, String table, String sql, Instant before, int batch) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(sql)
                        .setParameter("before", before).setParameter("batch", batch).executeUpdate()))
                .invoke(count -> deleted.put(table, count)).replaceWithVoid();
    }
}
