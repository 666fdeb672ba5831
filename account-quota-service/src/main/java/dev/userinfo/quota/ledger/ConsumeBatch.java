package dev.userinfo.quota.ledger;

import dev.userinfo.quota.ledger.ConsumePlan.Balances;
import dev.userinfo.quota.ledger.ConsumePlan.LockedAccount;
import dev.userinfo.quota.ledger.ConsumePlan.Share;
import dev.userinfo.quota.ledger.ConsumePlan.Taken;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction over a batch of consumes, in arrival order: replays of known idempotency keys, then per
 * account ONE guarded UPDATE ({@code quota >= total} in its WHERE) for everything the batch takes from it, then
 * the ledger rows, and the commit. The one-api/new-api overdraw (check, then decrement in a second step) cannot
 * happen: the check and the decrement are one statement on a locked row, and {@code CHECK (quota >= 0)} stands
 * behind it.
 * Each result is handed out only after the commit. What to do with each request is decided by {@link ConsumePlan};
 * this class only runs the statements and feeds their answers into it.
 */
final class ConsumeBatch {

    private static final String EXISTING = "SELECT l." + LedgerEntry.COLUMNS.replace(", ", ", l.")
            + " FROM ledger l JOIN unnest($1::text[], $2::text[]) AS k(actor, key)"
            + " ON l.actor = k.actor AND l.idempotency_key = k.key";

    /** Takes each account's share {@code d(id, total, n)} only if the balance covers it: the one overdraw guard. */
    private static final String GUARDED_DEBIT = """
            UPDATE account a SET quota = a.quota - d.total, used_quota = a.used_quota + d.total,
                request_count = a.request_count + d.n
            FROM %s AS d(id, total, n)
            WHERE a.id = d.id AND a.status = 1 AND a.quota >= d.total
            """;

    /** All of each account's consumes in one statement, applied only if the balance covers their sum. */
    private static final String DEBIT = GUARDED_DEBIT.formatted("unnest($1::bigint[], $2::bigint[], $3::bigint[])")
            + "RETURNING a.id, a.quota, a.used_quota, a.request_count";

    /**
     * The whole batch in one statement, for the common case (fresh keys, every account covers its share): the
     * guarded debit per account, then one ledger row per request with the balances after it, in arrival order. An
     * account the debit skipped (short, disabled, unknown) leaves its rows' quota_after NULL, which the column
     * refuses (23502), and a known key hits the idempotency index (23505): either fails the statement, so the
     * COMMIT pipelined behind it rolls everything back, and the batch is decided step by step instead.
     */
    private static final String DEBIT_AND_INSERT = "WITH b AS (SELECT * FROM unnest($1::bigint[], $2::bigint[],"
            + " $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS b(account_id, amount, actor, key, reason, ord)),"
            + " debited AS (" + GUARDED_DEBIT.formatted(
                    "(SELECT account_id, sum(amount)::bigint, count(*) FROM b GROUP BY account_id)")
            + " RETURNING a.id, a.quota + d.total AS quota_before, a.used_quota - d.total AS used_before,"
            + " a.request_count - d.n AS count_before)"
            + """
             INSERT INTO ledger (account_id, kind, amount, quota_delta, quota_after, used_quota_after,
                                 request_count_after, actor, idempotency_key, reason)
             SELECT b.account_id, 'consume', b.amount, -b.amount, (debited.quota_before - sum(b.amount) OVER w)::bigint,
                    (debited.used_before + sum(b.amount) OVER w)::bigint, debited.count_before + row_number() OVER w,
                    b.actor, b.key, b.reason
             FROM b LEFT JOIN debited ON debited.id = b.account_id
             WINDOW w AS (PARTITION BY b.account_id ORDER BY b.ord)
             ORDER BY b.ord
             RETURNING\s""" + LedgerEntry.COLUMNS;

    /** Accounts whose whole share did not fit: locked in id order, to decide request by request. */
    private static final String LOCK = "SELECT id, CASE WHEN lifecycle = 'deleted' THEN 0 ELSE status END AS status, quota"
            + " FROM account WHERE id = ANY($1) ORDER BY id FOR UPDATE";

    private static final String INSERT = """
            INSERT INTO ledger (account_id, kind, amount, quota_delta, quota_after, used_quota_after,
                                request_count_after, actor, idempotency_key, reason)
            SELECT d.account_id, 'consume', d.amount, -d.amount, d.quota_after, d.used_after, d.count_after, d.actor,
                   d.key, d.reason
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[],
                        $8::text[]) AS d(account_id, amount, quota_after, used_after, count_after, actor, key, reason)
            RETURNING\s""" + LedgerEntry.COLUMNS;

    private final ConsumePlan plan;

    private ConsumeBatch(List<ConsumeRequest> requests) {
        this.plan = new ConsumePlan(requests);
    }

    /**
     * Outcomes in request order, each an {@link Applied} or an {@link dev.userinfo.quota.web.ApiError}; committed
     * before it returns.
     * One round trip when every key is fresh and every account covers its share ({@link #executeAtOnce}); else,
     * after that attempt rolled back, three: BEGIN is pipelined with the key lookup, and the ledger INSERT with
     * COMMIT (PostgreSQL turns the COMMIT of a failed transaction into a rollback), so a lane's batch holds the hot
     * row's lock for as short as the statements allow.
     */
    static Uni<Object[]> run(Pool pool, List<ConsumeRequest> requests) {
        // One round trip when nothing needs deciding (issue #19: a hot account's lane runs one batch at a time, so
        // its rate is batch size over batch latency, and each round trip waits behind HTTP work on the event loop).
        return WriteConflict.retrying(() -> pool.withConnection(conn -> rollingBackOnFailure(conn,
                        new ConsumeBatch(requests).executeAtOnce(conn))))
                .onFailure(NeedsDecisions.class).recoverWithUni(() -> WriteConflict.retrying(() -> pool.withConnection(
                        conn -> rollingBackOnFailure(conn, new ConsumeBatch(requests).execute(conn)))));
    }

    /** Never hand a connection back inside a transaction: on any failure roll back (a no-op when the pipelined COMMIT already did). */
    private static Uni<Object[]> rollingBackOnFailure(SqlConnection conn, Uni<Object[]> transaction) {
        return transaction.onFailure().call(() -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull());
    }

    /** The one-statement batch was rolled back: a key is known or an account did not cover its share. */
    private static final class NeedsDecisions extends RuntimeException {
        NeedsDecisions() {
            super(null, null, false, false);
        }

        static boolean cause(Throwable t) {
            return t instanceof PgException pg && ("23502".equals(pg.getSqlState()) || "23503".equals(pg.getSqlState())
                    || "23505".equals(pg.getSqlState()) && "ledger_idempotency".equals(pg.getConstraint()));
        }
    }

    /**
     * BEGIN, {@link #DEBIT_AND_INSERT} and COMMIT written back to back: every fresh request (a twin waits for its first)
     * is debited and ledgered by one statement, or none is. Fails with {@link NeedsDecisions} when that cannot be.
     */
    private Uni<Object[]> executeAtOnce(SqlConnection conn) {
        plan.replay(List.of());
        List<ConsumeRequest> fresh = plan.fresh();
        Tuple args = Tuple.tuple()
                .addArrayOfLong(fresh.stream().map(ConsumeRequest::userId).toArray(Long[]::new))
                .addArrayOfLong(fresh.stream().map(ConsumeRequest::amount).toArray(Long[]::new))
                .addArrayOfString(fresh.stream().map(ConsumeRequest::actor).toArray(String[]::new))
                .addArrayOfString(fresh.stream().map(ConsumeRequest::idempotencyKey).toArray(String[]::new))
                .addArrayOfString(fresh.stream().map(ConsumeRequest::reason).toArray(String[]::new));
        return Uni.combine().all().unis(conn.query("BEGIN").execute(), conn.preparedQuery(DEBIT_AND_INSERT).execute(args),
                        conn.query("COMMIT").execute())
                .asTuple()
                .onFailure(NeedsDecisions::cause).transform(e -> new NeedsDecisions())
                .map(done -> {
                    List<LedgerEntry> rows = new ArrayList<>();
                    Map<Long, LedgerEntry> lastOfAccount = new HashMap<>();
                    for (Row r : done.getItem2()) {
                        LedgerEntry entry = LedgerEntry.of(r);
                        rows.add(entry);
                        lastOfAccount.merge(entry.userId(), entry, (a, b) -> a.requestCountAfter() > b.requestCountAfter() ? a : b);
                    }
                    // The balances after an account's last row are the account's after its whole share.
                    lastOfAccount.forEach((account, last) -> plan.debited(account,
                            new Balances(last.quotaAfter(), last.usedQuotaAfter(), last.requestCountAfter())));
                    rows.forEach(plan::inserted);
                    return plan.outcomes();
                });
    }

    private Uni<Object[]> execute(SqlConnection conn) {
        List<ConsumeRequest.Key> keys = plan.keys();
        String[] actors = keys.stream().map(ConsumeRequest.Key::actor).toArray(String[]::new);
        String[] idempotencyKeys = keys.stream().map(ConsumeRequest.Key::idempotencyKey).toArray(String[]::new);
        // Subscribed in order, so both are written back to back on the connection (the client pipelines).
        return Uni.combine().all().unis(conn.query("BEGIN").execute(),
                        conn.preparedQuery(EXISTING).execute(Tuple.tuple().addArrayOfString(actors).addArrayOfString(idempotencyKeys)))
                .asTuple()
                .flatMap(begun -> {
                    List<LedgerEntry> existing = new ArrayList<>();
                    for (Row r : begun.getItem2()) {
                        existing.add(LedgerEntry.of(r));
                    }
                    plan.replay(existing);
                    return debitAll(conn);
                })
                .flatMap(ignored -> decideShortAccounts(conn))
                .flatMap(ignored -> insertLedgerAndCommit(conn))
                .map(ignored -> plan.outcomes());
    }

    /** One guarded debit of every undecided account's share; the accounts it took from are settled. */
    private Uni<Void> debitAll(SqlConnection conn) {
        List<Share> shares = plan.shares();
        if (shares.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = shares.stream().map(Share::accountId).toArray(Long[]::new);
        Long[] totals = shares.stream().map(Share::total).toArray(Long[]::new);
        Long[] counts = shares.stream().map(Share::count).toArray(Long[]::new);
        return conn.preparedQuery(DEBIT)
                .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfLong(totals).addArrayOfLong(counts))
                .invoke(rows -> {
                    for (Row r : rows) {
                        plan.debited(r.getLong("id"),
                                new Balances(r.getLong("quota"), r.getLong("used_quota"), r.getLong("request_count")));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Accounts the first debit did not settle could not cover their whole share (or do not exist, or are disabled).
     * Lock them, let the plan decide request by request, and debit what it took with the same guarded statement.
     */
    private Uni<Void> decideShortAccounts(SqlConnection conn) {
        List<Long> undecided = plan.undecidedAccounts();
        if (undecided.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(LOCK).execute(Tuple.tuple().addArrayOfLong(undecided.toArray(Long[]::new))).flatMap(rows -> {
            Map<Long, LockedAccount> locked = new HashMap<>();
            for (Row r : rows) {
                locked.put(r.getLong("id"), new LockedAccount(r.getInteger("status"), r.getLong("quota")));
            }
            plan.decide(locked);
            int expected = plan.undecidedAccounts().size();
            if (expected == 0) {
                return Uni.createFrom().voidItem();
            }
            return debitAll(conn).invoke(() -> {
                if (!plan.undecidedAccounts().isEmpty()) {
                    // Locked rows cannot have changed under us; should it ever happen, roll back and decide afresh.
                    throw new IllegalStateException(expected + " locked accounts, " + plan.undecidedAccounts().size()
                            + " not debited");
                }
            });
        });
    }

    private Uni<Void> insertLedgerAndCommit(SqlConnection conn) {
        List<Taken> taken = plan.taken();
        if (taken.isEmpty()) {
            return conn.query("COMMIT").execute().replaceWithVoid();
        }
        int n = taken.size();
        Long[] account = new Long[n], amount = new Long[n], quota = new Long[n], used = new Long[n], count = new Long[n];
        String[] actor = new String[n], key = new String[n], reason = new String[n];
        for (int j = 0; j < n; j++) {
            ConsumeRequest r = taken.get(j).request();
            Balances a = taken.get(j).after();
            account[j] = r.userId();
            amount[j] = r.amount();
            quota[j] = a.quota();
            used[j] = a.usedQuota();
            count[j] = a.requestCount();
            actor[j] = r.actor();
            key[j] = r.idempotencyKey();
            reason[j] = r.reason();
        }
        Tuple args = Tuple.tuple().addArrayOfLong(account).addArrayOfLong(amount).addArrayOfLong(quota)
                .addArrayOfLong(used).addArrayOfLong(count).addArrayOfString(actor).addArrayOfString(key)
                .addArrayOfString(reason);
        // A concurrent transaction (another lane or pod) that claimed one of these keys after our read makes the
        // INSERT fail on the unique index (WriteConflict.retryable): the pipelined COMMIT then rolls everything
        // back, and the retry replays the winner.
        return Uni.combine().all().unis(conn.preparedQuery(INSERT).execute(args), conn.query("COMMIT").execute())
                .asTuple().invoke(done -> {
                    for (Row r : done.getItem1()) {
                        plan.inserted(LedgerEntry.of(r));
                    }
                }).replaceWithVoid();
    }
}
