package dev.userinfo.info.lifecycle;

import dev.userinfo.contracts.userevent.UserEvent;
import dev.userinfo.contracts.userevent.UserEventBatch;
import dev.userinfo.info.geo.IpLiteral;
import dev.userinfo.info.profile.ChangeFeed;
import dev.userinfo.info.profile.UserDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Applies a batch of user lifecycle events in one transaction, each only if it is newer than what we hold. */
@ApplicationScoped
public class UserEventReceiver {

    /** What a batch did: events applied, and events ignored because we already held that version or a newer one. */
    public record Outcome(int applied, int ignored) {
    }

    // Version guard (docs/internal-contracts.md §3): the WHERE makes redelivery and reordering harmless. A deleted
    // user keeps a tombstone row (id, status, version) so an older event cannot bring it back; its personal data goes.
    // A login is a change whose snapshot carries a later last_login_at: only then does the delivered last_login_ip
    // replace the stored one, so an operator's correction (PATCH /admin/profiles) stands until the user's next login.
    // One statement for the whole batch (issue #19), each user's newest snapshot once (UserEventBatch.newestPerUser).
    private static final String UPSERT = """
            INSERT INTO profile (user_id, account, display_name, email, phone, status, version, last_login_at, last_login_ip)
            SELECT u, a, d, e, p, s, v, l, ip::inet
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                        $8::timestamptz[], $9::text[]) WITH ORDINALITY AS t(u, a, d, e, p, s, v, l, ip, n)
            ORDER BY n
            ON CONFLICT (user_id) DO UPDATE SET
                account = EXCLUDED.account, display_name = EXCLUDED.display_name, email = EXCLUDED.email,
                phone = EXCLUDED.phone, status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now(),
                nickname = CASE WHEN EXCLUDED.status = 'deleted' THEN NULL ELSE profile.nickname END,
                avatar_url = CASE WHEN EXCLUDED.status = 'deleted' THEN '' ELSE profile.avatar_url END,
                gender = CASE WHEN EXCLUDED.status = 'deleted' THEN 0 ELSE profile.gender END,
                last_login_ip = CASE WHEN EXCLUDED.status = 'deleted' THEN NULL
                                     WHEN EXCLUDED.last_login_at > profile.last_login_at
                                          OR (profile.last_login_at IS NULL AND EXCLUDED.last_login_at IS NOT NULL)
                                          THEN EXCLUDED.last_login_ip
                                     ELSE profile.last_login_ip END,
                last_login_at = CASE WHEN EXCLUDED.status = 'deleted' THEN NULL
                                     ELSE GREATEST(profile.last_login_at, EXCLUDED.last_login_at) END,
                chat_duration_seconds = CASE WHEN EXCLUDED.status = 'deleted' THEN 0 ELSE profile.chat_duration_seconds END
            WHERE profile.version < EXCLUDED.version
            RETURNING user_id, status""";

    private final Pool pool;
    private final ChangeFeed feed;
    private final UserDirectory directory;

    public UserEventReceiver(Pool pool, ChangeFeed feed, UserDirectory directory) {
        this.pool = pool;
        this.feed = feed;
        this.directory = directory;
    }

    public Uni<Outcome> apply(List<UserEvent> events) {
        List<UserEventBatch.Newest> users = UserEventBatch.newestPerUser(events);
        List<Long> touched = new ArrayList<>();
        return pool.withTransaction(tx -> tx.preparedQuery(UPSERT).execute(rows(users)).flatMap(applied -> {
                    List<Long> deleted = new ArrayList<>();
                    for (Row row : applied) {
                        touched.add(row.getLong("user_id"));
                        if ("deleted".equals(row.getString("status"))) {
                            deleted.add(row.getLong("user_id"));
                        }
                    }
                    return forget(tx, deleted);
                })
                .call(() -> feed.announce(tx, touched)))
                .invoke(() -> directory.invalidate(touched))
                .map(ignored -> outcome(users, touched, events.size()));
    }

    /** Every event of a user whose newest snapshot applied counts as applied; the rest were not newer than ours. */
    private static Outcome outcome(List<UserEventBatch.Newest> users, List<Long> touched, int total) {
        java.util.Set<Long> changed = new java.util.HashSet<>(touched);
        int applied = users.stream().filter(n -> changed.contains(n.user().id())).mapToInt(UserEventBatch.Newest::events).sum();
        return new Outcome(applied, total - applied);
    }

    /** A deleted user's memberships go with its personal data. */
    private static Uni<Void> forget(SqlConnection tx, List<Long> deleted) {
        if (deleted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple ids = Tuple.of(deleted.toArray(Long[]::new));
        return tx.preparedQuery("DELETE FROM membership WHERE user_id = ANY($1)").execute(ids)
                .flatMap(ignored -> tx.preparedQuery("DELETE FROM group_member WHERE user_id = ANY($1)").execute(ids))
                .replaceWithVoid();
    }

    private static Tuple rows(List<UserEventBatch.Newest> users) {
        int n = users.size();
        Long[] ids = new Long[n];
        String[] accounts = new String[n];
        String[] names = new String[n];
        String[] emails = new String[n];
        String[] phones = new String[n];
        String[] statuses = new String[n];
        Long[] versions = new Long[n];
        OffsetDateTime[] logins = new OffsetDateTime[n];
        String[] addresses = new String[n];
        for (int i = 0; i < n; i++) {
            UserEvent.User user = users.get(i).user();
            boolean deleted = user.deleted();
            ids[i] = user.id();
            accounts[i] = deleted ? "" : text(user.login());
            names[i] = deleted ? "" : text(user.displayName());
            emails[i] = deleted ? "" : text(user.email());
            phones[i] = deleted ? "" : text(user.phone());
            statuses[i] = user.status();
            versions[i] = user.version();
            logins[i] = deleted ? null : loginTime(user);
            addresses[i] = deleted ? null : loginAddress(user);
        }
        return Tuple.tuple(Arrays.<Object>asList(ids, accounts, names, emails, phones, statuses, versions, logins, addresses));
    }

    private static OffsetDateTime loginTime(UserEvent.User user) {
        return user.lastLoginAt() == null ? null : user.lastLoginAt().atOffset(ZoneOffset.UTC);
    }

    /** The delivered address when it is an IP literal; anything else is an unknown address, not a refused batch. */
    private static String loginAddress(UserEvent.User user) {
        return IpLiteral.parse(user.lastLoginIp()).map(InetAddress::getHostAddress).orElse(null);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
