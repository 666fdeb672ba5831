package dev.userinfo.quota.account;

import dev.userinfo.quota.web.ApiError;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of accounts, and the admin's enable/disable (on the caller's transaction, which audits it). */
@ApplicationScoped
public class AccountStore {

    private final Pool pool;

    public AccountStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Account>> find(long id) {
        return pool.preparedQuery("SELECT " + Account.COLUMNS + " FROM account WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Account.of(rows.iterator().next())));
    }

    /** Accounts whose username, display name or email contains {@code keyword} (or whose id it is), newest first. */
    public Uni<Page<Account>> search(String keyword, int page, int pageSize) {
        String pattern = "%" + keyword.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        Long id = keyword.matches("\\d{1,18}") ? Long.parseLong(keyword) : -1L;
        String where = " WHERE lifecycle <> 'deleted' AND ($1 = '' OR id = $2 OR username ILIKE $3 OR display_name ILIKE $3"
                + " OR email ILIKE $3)";
        Tuple args = Tuple.of(keyword, id, pattern);
        return pool.preparedQuery("SELECT count(*) FROM account" + where).execute(args)
                .flatMap(count -> pool.preparedQuery("SELECT " + Account.COLUMNS + " FROM account" + where
                                + " ORDER BY id DESC LIMIT $4 OFFSET $5")
                        .execute(Tuple.of(keyword, id, pattern, pageSize, (long) (page - 1) * pageSize))
                        .map(rows -> {
                            List<Account> items = new ArrayList<>();
                            for (Row r : rows) {
                                items.add(Account.of(r));
                            }
                            return new Page<>(items, count.iterator().next().getLong(0), page, pageSize);
                        }));
    }

    /** The account on a transaction's connection, its row locked until the transaction ends. */
    public Uni<Optional<Account>> lock(SqlConnection conn, long id) {
        return conn.preparedQuery("SELECT " + Account.COLUMNS + " FROM account WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(AccountStore::single);
    }

    /** The account as a transaction sees it (after its own writes). */
    public Uni<Optional<Account>> find(SqlConnection conn, long id) {
        return conn.preparedQuery("SELECT " + Account.COLUMNS + " FROM account WHERE id = $1").execute(Tuple.of(id))
                .map(AccountStore::single);
    }

    /** An admin's switch, kept apart from auth-service's lifecycle: enabled only if both allow it. */
    public Uni<Account> setAdminDisabled(SqlConnection conn, long id, boolean disabled) {
        return conn.preparedQuery("UPDATE account SET admin_disabled = $2, status = CASE WHEN lifecycle = 'active' AND NOT $2"
                        + " THEN 1 ELSE 2 END WHERE id = $1 AND lifecycle <> 'deleted' RETURNING " + Account.COLUMNS)
                .execute(Tuple.of(id, disabled))
                .map(rows -> single(rows).orElseThrow(() -> new ApiError(404, "user_not_found", "用户不存在")));
    }

    static Optional<Account> single(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Account.of(rows.iterator().next()));
    }

    /** One page of a listing. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Page<T>(List<T> items, long total, int page,
                          @com.fasterxml.jackson.annotation.JsonProperty("page_size") int pageSize) {
    }
}
