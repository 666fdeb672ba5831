package dev.userinfo.info.lifecycle;

import dev.userinfo.contracts.userevent.UserEvent;
import dev.userinfo.info.geo.IpLiteral;
import dev.userinfo.info.profile.ChangeFeed;
import dev.userinfo.info.profile.UserDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
    private static final String UPSERT = """
            INSERT INTO profile (user_id, account, display_name, email, phone, status, version, last_login_at, last_login_ip)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::inet)
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
            RETURNING status""";

    private final Pool pool;
    private final ChangeFeed feed;
    private final UserDirectory directory;

    public UserEventReceiver(Pool pool, ChangeFeed feed, UserDirectory directory) {
        this.pool = pool;
        this.feed = feed;
        this.directory = directory;
    }

    public Uni<Outcome> apply(List<UserEvent> events) {
        List<Long> touched = new ArrayList<>();
        return pool.withTransaction(tx -> applyFrom(tx, events, 0, 0, touched)
                        .call(outcome -> feed.announce(tx, touched)))
                .invoke(() -> directory.invalidate(touched));
    }

    private Uni<Outcome> applyFrom(SqlConnection tx, List<UserEvent> events, int index, int applied, List<Long> touched) {
        if (index == events.size()) {
            return Uni.createFrom().item(new Outcome(applied, events.size() - applied));
        }
        UserEvent.User user = events.get(index).user();
        boolean deleted = "deleted".equals(user.status());
        Tuple row = Tuple.tuple(Arrays.asList(user.id(), deleted ? "" : text(user.login()), deleted ? "" : text(user.displayName()),
                deleted ? "" : text(user.email()), deleted ? "" : text(user.phone()), user.status(), user.version(),
                deleted ? null : loginTime(user), deleted ? null : loginAddress(user)));
        return tx.preparedQuery(UPSERT).execute(row).flatMap(rows -> {
            if (rows.rowCount() == 0) {
                return applyFrom(tx, events, index + 1, applied, touched);
            }
            touched.add(user.id());
            Uni<Void> cleanup = deleted
                    ? tx.preparedQuery("DELETE FROM membership WHERE user_id = $1").execute(Tuple.of(user.id()))
                        .flatMap(ignored -> tx.preparedQuery("DELETE FROM group_member WHERE user_id = $1").execute(Tuple.of(user.id())))
                        .replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return cleanup.flatMap(ignored -> applyFrom(tx, events, index + 1, applied + 1, touched));
        });
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
