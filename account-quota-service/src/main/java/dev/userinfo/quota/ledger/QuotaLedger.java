package dev.userinfo.quota.ledger;

import dev.userinfo.quota.account.AccountStore.Page;
import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.web.ApiError;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Every change of quota, each one guarded statement on the account plus its ledger row in one transaction.
 * Consumes go through {@link ConsumeLanes} (coalesced); refunds, top-ups, admin adjustments and affiliate
 * transfers are rarer and run one transaction each.
 */
@ApplicationScoped
public class QuotaLedger {

    private static final String RETURNING = " RETURNING quota, used_quota, request_count";

    private final Pool pool;
    private final ConsumeLanes lanes;
    private final QuotaConfig config;

    public QuotaLedger(Pool pool, ConsumeLanes lanes, QuotaConfig config) {
        this.pool = pool;
        this.lanes = lanes;
        this.config = config;
    }

    public Uni<Applied> consume(ConsumeRequest request) {
        return lanes.consume(request);
    }

    /** Gives back what was consumed: quota + amount, used_quota − amount (never below zero). */
    public Uni<Applied> refund(String actor, long userId, long amount, String key, String reason) {
        return write(actor, key, userId, "refund", amount, reason, conn -> conn.preparedQuery(
                        "UPDATE account SET quota = quota + $2, used_quota = used_quota - $2"
                                + " WHERE id = $1 AND lifecycle <> 'deleted' AND used_quota >= $2" + RETURNING)
                .execute(Tuple.of(userId, amount))
                .flatMap(rows -> rows.size() == 1 ? Uni.createFrom().item(change(rows.iterator().next(), amount))
                        : refusal(conn, userId, a -> new ApiError(409, "refund_exceeds_used",
                                "a refund of " + amount + " exceeds used_quota " + a.used))));
    }

    /** Credits amount × the topup_ratio of the account's group (seed 003 {@code topup_ratio}). */
    public Uni<Applied> topup(String actor, long userId, long amount, String key, String reason) {
        return write(actor, key, userId, "topup", amount, reason, conn -> conn.preparedQuery(
                        "SELECT \"group\" FROM account WHERE id = $1 AND lifecycle <> 'deleted' FOR UPDATE")
                .execute(Tuple.of(userId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(QuotaErrors.userNotFound(userId));
                    }
                    long credit;
                    try {
                        credit = Math.multiplyExact(amount, (long) groupOf(rows.iterator().next().getString("group")).topupRatio());
                    } catch (ArithmeticException e) {
                        return Uni.createFrom().failure(ApiError.badRequest("amount × topup_ratio is too large"));
                    }
                    return credit(conn, userId, credit, "", a -> QuotaErrors.userNotFound(userId));
                }));
    }

    /**
     * An admin's signed adjustment, ledgered with {@code actor} ({@code user:<id>} for a person); the balance never goes
     * below zero. {@code alongside} runs in the same transaction once the ledger row is written (the audit trail,
     * issue #18), so both commit or neither does.
     */
    public Uni<Applied> adjust(String actor, long userId, long delta, String reason,
                               BiFunction<SqlConnection, LedgerEntry, Uni<Void>> alongside) {
        return write(actor, null, userId, "admin_adjust", Math.abs(delta), reason,
                conn -> credit(conn, userId, delta, " AND quota + $2 >= 0",
                        a -> QuotaErrors.insufficient(userId, a.quota, -delta)), alongside);
    }

    /** Moves affiliate reward into quota (new-api's aff_transfer), at least the configured minimum. */
    public Uni<Applied> affTransfer(long userId, long amount) {
        return write("user:" + userId, null, userId, "aff_transfer", amount, "aff_transfer", conn -> conn.preparedQuery(
                        "UPDATE account SET aff_quota = aff_quota - $2, quota = quota + $2"
                                + " WHERE id = $1 AND status = 1 AND aff_quota >= $2" + RETURNING)
                .execute(Tuple.of(userId, amount))
                .flatMap(rows -> rows.size() == 1 ? Uni.createFrom().item(change(rows.iterator().next(), amount))
                        : refusal(conn, userId, a -> new ApiError(409, "insufficient_aff_quota", "邀请额度不足！"))));
    }

    private Uni<long[]> credit(SqlConnection conn, long userId, long delta, String guard,
                               java.util.function.Function<Balances, ApiError> refused) {
        return conn.preparedQuery("UPDATE account SET quota = quota + $2 WHERE id = $1 AND lifecycle <> 'deleted'"
                        + guard + RETURNING)
                .execute(Tuple.of(userId, delta))
                .flatMap(rows -> rows.size() == 1 ? Uni.createFrom().item(change(rows.iterator().next(), delta))
                        : refusal(conn, userId, refused));
    }

    /** quota, used_quota, request_count after the change, and its signed effect on quota. */
    private static long[] change(Row r, long delta) {
        return new long[] {r.getLong("quota"), r.getLong("used_quota"), r.getLong("request_count"), delta};
    }

    private record Balances(int status, long quota, long used) {
    }

    /** Why a guarded statement matched no row: no such account, disabled, or the given refusal. */
    private static <T> Uni<T> refusal(SqlConnection conn, long userId, java.util.function.Function<Balances, ApiError> refusal) {
        return conn.preparedQuery("SELECT status, quota, used_quota, lifecycle FROM account WHERE id = $1")
                .execute(Tuple.of(userId))
                .flatMap(rows -> {
                    if (rows.size() == 0 || "deleted".equals(rows.iterator().next().getString("lifecycle"))) {
                        return Uni.createFrom().failure(QuotaErrors.userNotFound(userId));
                    }
                    Row r = rows.iterator().next();
                    Balances a = new Balances(r.getInteger("status"), r.getLong("quota"), r.getLong("used_quota"));
                    return Uni.createFrom().failure(refusal.apply(a));
                });
    }

    /**
     * Replays a known key, else applies {@code change} and writes the ledger row; a key claimed concurrently
     * makes the insert conflict, the transaction roll back, and the retry replay the winner.
     */
    private Uni<Applied> write(String actor, String key, long userId, String kind, long amount, String reason,
                               java.util.function.Function<SqlConnection, Uni<long[]>> change) {
        return write(actor, key, userId, kind, amount, reason, change, (conn, entry) -> Uni.createFrom().voidItem());
    }

    private Uni<Applied> write(String actor, String key, long userId, String kind, long amount, String reason,
                               java.util.function.Function<SqlConnection, Uni<long[]>> change,
                               BiFunction<SqlConnection, LedgerEntry, Uni<Void>> alongside) {
        return WriteConflict.retrying(() -> pool.withTransaction(conn -> existing(conn, actor, key).flatMap(known -> {
            if (known != null) {
                return known.sameRequest(userId, kind, amount) ? Uni.createFrom().item(new Applied(known, true))
                        : Uni.createFrom().failure(QuotaErrors.keyReused(key));
            }
            return change.apply(conn).flatMap(after -> conn.preparedQuery("""
                            INSERT INTO ledger (account_id, kind, amount, quota_delta, quota_after, used_quota_after,
                                                request_count_after, actor, idempotency_key, reason)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                            ON CONFLICT (actor, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                            RETURNING\s""" + LedgerEntry.COLUMNS)
                    .execute(Tuple.tuple().addLong(userId).addString(kind).addLong(amount).addLong(after[3])
                            .addLong(after[0]).addLong(after[1]).addLong(after[2]).addString(actor).addString(key)
                            .addString(reason))
                    .flatMap(rows -> {
                        if (rows.size() == 0) {
                            throw new WriteConflict();
                        }
                        LedgerEntry entry = LedgerEntry.of(rows.iterator().next());
                        return alongside.apply(conn, entry).replaceWith(new Applied(entry, false));
                    }));
        }))).onFailure(PgException.class).transform(e -> "22003".equals(((PgException) e).getSqlState())
                ? ApiError.badRequest("the amount would overflow the balance") : e);
    }

    private static Uni<LedgerEntry> existing(SqlConnection conn, String actor, String key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return conn.preparedQuery("SELECT " + LedgerEntry.COLUMNS + " FROM ledger WHERE actor = $1 AND idempotency_key = $2")
                .execute(Tuple.of(actor, key))
                .map(rows -> rows.size() == 0 ? null : LedgerEntry.of(rows.iterator().next()));
    }

    /** One account's ledger, newest first. */
    public Uni<Page<LedgerEntry>> list(long userId, int page, int pageSize) {
        return pool.preparedQuery("SELECT count(*) FROM ledger WHERE account_id = $1").execute(Tuple.of(userId))
                .flatMap(count -> pool.preparedQuery("SELECT " + LedgerEntry.COLUMNS
                                + " FROM ledger WHERE account_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3")
                        .execute(Tuple.of(userId, pageSize, (long) (page - 1) * pageSize))
                        .map(rows -> {
                            List<LedgerEntry> items = new ArrayList<>();
                            for (Row r : rows) {
                                items.add(LedgerEntry.of(r));
                            }
                            return new Page<>(items, count.iterator().next().getLong(0), page, pageSize);
                        }));
    }

    public QuotaConfig.Group groupOf(String group) {
        QuotaConfig.Group g = config.groups().get(group);
        return g != null ? g : config.groups().get("default");
    }
}
