package dev.userinfo.quota.account;

import dev.userinfo.contracts.userevent.UserEvent;
import dev.userinfo.quota.config.QuotaConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Applies a batch of user lifecycle events in one transaction (docs/internal-contracts.md §3): an event
 * applies only if its version is greater than the stored one, so redelivery and reordering change nothing.
 */
@ApplicationScoped
public class UserEventReceiver {

    /**
     * Upsert guarded by version; {@code xmax = 0} tells an insert from an update (PostgreSQL's system column). The
     * last login is part of the snapshot (a login is a change with a new version, contract §3), so it is replaced
     * like every other field.
     */
    private static final String UPSERT = """
            INSERT INTO account (id, username, display_name, email, lifecycle, user_version, status, role, aff_code,
                                 quota, created_at, last_login_at, last_login_ip)
            VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'active' THEN 1 ELSE 2 END, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, display_name = EXCLUDED.display_name,
                email = EXCLUDED.email, lifecycle = EXCLUDED.lifecycle, user_version = EXCLUDED.user_version,
                last_login_at = EXCLUDED.last_login_at, last_login_ip = EXCLUDED.last_login_ip,
                role = GREATEST(account.role, EXCLUDED.role),
                status = CASE WHEN EXCLUDED.lifecycle = 'active' AND NOT account.admin_disabled THEN 1 ELSE 2 END
            WHERE account.user_version < EXCLUDED.user_version
            RETURNING (xmax = 0) AS inserted""";

    private static final String CREDIT_INVITER = """
            UPDATE account SET aff_count = aff_count + 1, aff_quota = aff_quota + $2,
                aff_history_quota = aff_history_quota + $2
            WHERE aff_code = $1 AND id <> $3 AND lifecycle <> 'deleted' RETURNING id""";

    private static final char[] AFF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final Pool pool;
    private final QuotaConfig config;
    private final SecureRandom random = new SecureRandom();

    public UserEventReceiver(Pool pool, QuotaConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @RegisterForReflection
    public record Outcome(int applied, int ignored) {
    }

    public Uni<Outcome> apply(List<UserEvent> events) {
        return pool.withTransaction(conn -> {
            Uni<int[]> chain = Uni.createFrom().item(new int[2]);
            for (UserEvent event : events) {
                chain = chain.flatMap(counts -> applyOne(conn, event).map(applied -> {
                    counts[applied ? 0 : 1]++;
                    return counts;
                }));
            }
            return chain.map(counts -> new Outcome(counts[0], counts[1]));
        });
    }

    private Uni<Boolean> applyOne(SqlConnection conn, UserEvent event) {
        UserEvent.User e = event.user();
        Set<Long> roots = config.rootUserIds().orElse(Set.of());
        int role = roots.contains(e.id()) ? Account.ROLE_ROOT : Account.ROLE_COMMON;
        boolean deleted = e.deleted();
        long quota = deleted ? 0 : config.newAccountQuota();
        // For a deleted user only id, status and version are meaningful (contract §3): the tombstone keeps no personal data.
        long createdAt = !deleted && e.createdAt() != null ? e.createdAt().getEpochSecond() : Instant.now().getEpochSecond();
        // Seed 003 types last_login_at as an integer: Unix seconds, as new-api's model/user.go (LastLoginAt int64);
        // never logged in (null in the event) is 0 and "", as there.
        long lastLoginAt = !deleted && e.lastLoginAt() != null ? e.lastLoginAt().getEpochSecond() : 0L;
        String lastLoginIp = deleted ? "" : orEmpty(e.lastLoginIp());
        Tuple args = Tuple.tuple(List.of(e.id(), deleted ? "" : e.login(), deleted ? "" : orEmpty(e.displayName()),
                deleted ? "" : orEmpty(e.email()), e.status(), e.version(), role, newAffCode(), quota, createdAt,
                lastLoginAt, lastLoginIp));
        return conn.preparedQuery(UPSERT).execute(args).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false);   // not newer than what we hold: ignored (contract §3)
            }
            boolean inserted = rows.iterator().next().getBoolean("inserted");
            if (inserted && !deleted && e.inviterAffCode() != null && !e.inviterAffCode().isEmpty()) {
                return creditInviter(conn, e).replaceWith(true);
            }
            return Uni.createFrom().item(true);
        });
    }

    /** Once, when the invited account is created: the inviter's counters, and who invited (issue #5, 4). */
    private Uni<Void> creditInviter(SqlConnection conn, UserEvent.User e) {
        return conn.preparedQuery(CREDIT_INVITER)
                .execute(Tuple.of(e.inviterAffCode(), config.affiliate().reward(), e.id()))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("UPDATE account SET inviter_id = $1 WHERE id = $2")
                                .execute(Tuple.of(rows.iterator().next().getLong("id"), e.id()))
                                .replaceWithVoid());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** 16 characters of 57: about 93 bits, so a collision with the unique index is not a practical concern. */
    private String newAffCode() {
        char[] code = new char[16];
        for (int i = 0; i < code.length; i++) {
            code[i] = AFF_ALPHABET[random.nextInt(AFF_ALPHABET.length)];
        }
        return new String(code);
    }
}
