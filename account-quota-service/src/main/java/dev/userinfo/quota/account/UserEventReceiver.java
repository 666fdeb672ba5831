package dev.userinfo.quota.account;

import dev.userinfo.contracts.userevent.UserEvent;
import dev.userinfo.contracts.userevent.UserEventBatch;
import dev.userinfo.quota.config.QuotaConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    // One statement for the whole batch (issue #19), each user's newest snapshot once (UserEventBatch.newestPerUser).
    private static final String UPSERT = """
            INSERT INTO account (id, username, display_name, email, lifecycle, user_version, status, role, aff_code,
                                 quota, created_at, last_login_at, last_login_ip)
            SELECT i, u, d, e, l, v, CASE WHEN l = 'active' THEN 1 ELSE 2 END, r, a, q, c, ll, ip
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::int[], $8::text[],
                        $9::bigint[], $10::bigint[], $11::bigint[], $12::text[])
                 WITH ORDINALITY AS t(i, u, d, e, l, v, r, a, q, c, ll, ip, n)
            ORDER BY n
            ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, display_name = EXCLUDED.display_name,
                email = EXCLUDED.email, lifecycle = EXCLUDED.lifecycle, user_version = EXCLUDED.user_version,
                last_login_at = EXCLUDED.last_login_at, last_login_ip = EXCLUDED.last_login_ip,
                role = GREATEST(account.role, EXCLUDED.role),
                status = CASE WHEN EXCLUDED.lifecycle = 'active' AND NOT account.admin_disabled THEN 1 ELSE 2 END
            WHERE account.user_version < EXCLUDED.user_version
            RETURNING id, (xmax = 0) AS inserted""";

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
        List<UserEventBatch.Newest> users = UserEventBatch.newestPerUser(events);
        Map<Long, UserEventBatch.Newest> byId = new HashMap<>();
        users.forEach(n -> byId.put(n.user().id(), n));
        return pool.withTransaction(conn -> conn.preparedQuery(UPSERT).execute(rows(users)).flatMap(rows -> {
            Set<Long> changed = new HashSet<>();
            Uni<Void> credits = Uni.createFrom().voidItem();
            for (Row row : rows) {
                UserEventBatch.Newest newest = byId.get(row.getLong("id"));
                UserEvent.User e = newest.user();
                changed.add(e.id());
                if (row.getBoolean("inserted") && newest.everLive() && e.inviterAffCode() != null && !e.inviterAffCode().isEmpty()) {
                    credits = credits.chain(() -> creditInviter(conn, e));
                }
            }
            // Every event of a user whose newest snapshot applied counts as applied; the rest were not newer (contract §3).
            int applied = users.stream().filter(n -> changed.contains(n.user().id())).mapToInt(UserEventBatch.Newest::events).sum();
            return credits.replaceWith(new Outcome(applied, events.size() - applied));
        }));
    }

    private Tuple rows(List<UserEventBatch.Newest> users) {
        int n = users.size();
        Long[] ids = new Long[n];
        String[] logins = new String[n];
        String[] names = new String[n];
        String[] emails = new String[n];
        String[] lifecycles = new String[n];
        Long[] versions = new Long[n];
        Integer[] roles = new Integer[n];
        String[] affCodes = new String[n];
        Long[] quotas = new Long[n];
        Long[] created = new Long[n];
        Long[] lastLogins = new Long[n];
        String[] lastIps = new String[n];
        Set<Long> roots = config.rootUserIds().orElse(Set.of());
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < n; i++) {
            UserEvent.User e = users.get(i).user();
            boolean deleted = e.deleted();
            ids[i] = e.id();
            // For a deleted user only id, status and version are meaningful (contract §3): the tombstone keeps no personal data.
            logins[i] = deleted ? "" : e.login();
            names[i] = deleted ? "" : orEmpty(e.displayName());
            emails[i] = deleted ? "" : orEmpty(e.email());
            lifecycles[i] = e.status();
            versions[i] = e.version();
            roles[i] = roots.contains(e.id()) ? Account.ROLE_ROOT : Account.ROLE_COMMON;
            affCodes[i] = newAffCode();
            // An account new to us that lived within the batch gets its new-account quota, even if already deleted.
            quotas[i] = users.get(i).everLive() ? config.newAccountQuota() : 0;
            created[i] = !deleted && e.createdAt() != null ? e.createdAt().getEpochSecond() : now;
            // Seed 003 types last_login_at as an integer: Unix seconds, as new-api's model/user.go (LastLoginAt int64);
            // never logged in (null in the event) is 0 and "", as there.
            lastLogins[i] = !deleted && e.lastLoginAt() != null ? e.lastLoginAt().getEpochSecond() : 0L;
            lastIps[i] = deleted ? "" : orEmpty(e.lastLoginIp());
        }
        return Tuple.tuple(List.<Object>of(ids, logins, names, emails, lifecycles, versions, roles, affCodes, quotas,
                created, lastLogins, lastIps));
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
