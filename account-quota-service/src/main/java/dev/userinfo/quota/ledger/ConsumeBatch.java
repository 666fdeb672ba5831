package dev.userinfo.quota.ledger;

import dev.userinfo.quota.web.ApiError;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction over a batch of consumes, in arrival order: replays of known idempotency keys, then per
 * account ONE guarded UPDATE ({@code quota >= total} in its WHERE) for everything the batch takes from it, then
 * the ledger rows, and the commit. The one-api/new-api overdraw (check, then decrement in a second step) cannot
 * happen: the check and the decrement are one statement on a locked row, and {@code CHECK (quota >= 0)} stands
 * behind it.
 * Each result is handed out only after the commit.
 */
final class ConsumeBatch {

    private static final String EXISTING = "SELECT l." + LedgerEntry.COLUMNS.replace(", ", ", l.")
            + " FROM ledger l JOIN unnest($1::text[], $2::text[]) AS k(actor, key)"
            + " ON l.actor = k.actor AND l.idempotency_key = k.key";

    /** All of each account's consumes in one statement, applied only if the balance covers their sum. */
    private static final String DEBIT = """
            UPDATE account a SET quota = a.quota - d.total, used_quota = a.used_quota + d.total,
                request_count = a.request_count + d.n
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS d(id, total, n)
            WHERE a.id = d.id AND a.status = 1 AND a.quota >= d.total
            RETURNING a.id, a.quota, a.used_quota, a.request_count""";

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

    private final List<ConsumeRequest> requests;
    /** Per request: an {@link Applied}, an {@link ApiError}, or (while planning) the index of its first twin. */
    private final Object[] outcome;
    /** Fresh requests by account, in arrival order. */
    private final Map<Long, List<Integer>> byAccount = new LinkedHashMap<>();
    /** Per fresh request: quota, used_quota and request_count right after it. */
    private final Map<Integer, long[]> after = new HashMap<>();

    private ConsumeBatch(List<ConsumeRequest> requests) {
        this.requests = requests;
        this.outcome = new Object[requests.size()];
    }

    /**
     * Outcomes in request order, each an {@link Applied} or an {@link ApiError}; committed before it returns.
     * Three round trips: BEGIN is pipelined with the key lookup, and the ledger INSERT with COMMIT (PostgreSQL
     * turns the COMMIT of a failed transaction into a rollback), so a lane's batch holds the hot row's lock for
     * as short as the statements allow.
     */
    static Uni<Object[]> run(Pool pool, List<ConsumeRequest> requests) {
        return WriteConflict.retrying(() -> pool.withConnection(conn -> new ConsumeBatch(requests).execute(conn)
                // Never hand a connection back inside a transaction: on any failure roll back (a no-op when the
                // pipelined COMMIT already did).
                .onFailure().call(() -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull())));
    }

    private Uni<Object[]> execute(SqlConnection conn) {
        Map<ConsumeRequest.Key, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            first.putIfAbsent(requests.get(i).key(), i);
        }
        String[] actors = first.keySet().stream().map(ConsumeRequest.Key::actor).toArray(String[]::new);
        String[] keys = first.keySet().stream().map(ConsumeRequest.Key::idempotencyKey).toArray(String[]::new);
        // Subscribed in order, so both are written back to back on the connection (the client pipelines).
        return Uni.combine().all().unis(conn.query("BEGIN").execute(),
                        conn.preparedQuery(EXISTING).execute(Tuple.tuple().addArrayOfString(actors).addArrayOfString(keys)))
                .asTuple()
                .flatMap(begun -> {
                    plan(first, begun.getItem2());
                    return debitAll(conn);
                })
                .flatMap(ignored -> decideShortAccounts(conn))
                .flatMap(ignored -> insertLedgerAndCommit(conn))
                .map(ignored -> resolveTwins());
    }

    /** Replays, twins within the batch, and fresh requests grouped by account. */
    private void plan(Map<ConsumeRequest.Key, Integer> first, RowSet<Row> existingRows) {
        Map<ConsumeRequest.Key, LedgerEntry> existing = new HashMap<>();
        for (Row r : existingRows) {
            LedgerEntry e = LedgerEntry.of(r);
            existing.put(new ConsumeRequest.Key(e.actor(), e.idempotencyKey()), e);
        }
        for (int i = 0; i < requests.size(); i++) {
            ConsumeRequest r = requests.get(i);
            LedgerEntry known = existing.get(r.key());
            if (known != null) {
                outcome[i] = known.sameRequest(r.userId(), "consume", r.amount()) ? new Applied(known, true)
                        : QuotaErrors.keyReused(r.idempotencyKey());
            } else if (first.get(r.key()) != i) {
                outcome[i] = first.get(r.key());   // a twin: answered with its first's result, see resolveTwins
            } else {
                byAccount.computeIfAbsent(r.userId(), id -> new ArrayList<>()).add(i);
            }
        }
    }

    private Uni<Void> debitAll(SqlConnection conn) {
        if (byAccount.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Long> ids = new ArrayList<>(byAccount.keySet());
        Long[] idArray = ids.toArray(Long[]::new);
        Long[] totals = ids.stream().map(id -> total(byAccount.get(id))).toArray(Long[]::new);
        Long[] counts = ids.stream().map(id -> (long) byAccount.get(id).size()).toArray(Long[]::new);
        return conn.preparedQuery(DEBIT)
                .execute(Tuple.tuple().addArrayOfLong(idArray).addArrayOfLong(totals).addArrayOfLong(counts))
                .invoke(rows -> {
                    for (Row r : rows) {
                        List<Integer> taken = byAccount.remove(r.getLong("id"));
                        record(taken, r.getLong("quota"), r.getLong("used_quota"), r.getLong("request_count"));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Accounts left in {@link #byAccount} could not cover their whole share (or do not exist, or are disabled).
     * Lock them, take their requests in arrival order while the balance lasts, and debit what was taken with
     * the same guarded statement.
     */
    private Uni<Void> decideShortAccounts(SqlConnection conn) {
        if (byAccount.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = byAccount.keySet().toArray(Long[]::new);
        return conn.preparedQuery(LOCK).execute(Tuple.tuple().addArrayOfLong(ids)).flatMap(rows -> {
            Map<Long, long[]> found = new HashMap<>();
            for (Row r : rows) {
                found.put(r.getLong("id"), new long[] {r.getInteger("status"), r.getLong("quota")});
            }
            Map<Long, List<Integer>> taken = new LinkedHashMap<>();
            byAccount.forEach((id, indexes) -> {
                long[] account = found.get(id);
                long balance = account == null ? 0 : account[1];
                for (int i : indexes) {
                    ConsumeRequest r = requests.get(i);
                    if (account == null || account[0] == 0) {
                        outcome[i] = QuotaErrors.userNotFound(id);   // never delivered, or deleted (a tombstone)
                    } else if (account[0] != 1) {
                        outcome[i] = QuotaErrors.disabled(id);
                    } else if (balance < r.amount()) {
                        outcome[i] = QuotaErrors.insufficient(id, balance, r.amount());
                    } else {
                        balance -= r.amount();
                        taken.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
                    }
                }
            });
            byAccount.clear();
            byAccount.putAll(taken);
            if (taken.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            int expected = taken.size();
            return debitAll(conn).invoke(() -> {
                if (!byAccount.isEmpty()) {
                    // Locked rows cannot have changed under us; should it ever happen, roll back and decide afresh.
                    throw new IllegalStateException(expected + " locked accounts, " + byAccount.size() + " not debited");
                }
            });
        });
    }

    /** Balances after each request of an account's share, from the balances after the whole share. */
    private void record(List<Integer> indexes, long quota, long used, long count) {
        long q = quota + total(indexes);
        long u = used - total(indexes);
        long c = count - indexes.size();
        for (int i : indexes) {
            long amount = requests.get(i).amount();
            q -= amount;
            u += amount;
            c += 1;
            after.put(i, new long[] {q, u, c});
        }
    }

    private Uni<Void> insertLedgerAndCommit(SqlConnection conn) {
        if (after.isEmpty()) {
            return conn.query("COMMIT").execute().replaceWithVoid();
        }
        List<Integer> taken = new ArrayList<>(after.keySet());
        int n = taken.size();
        Long[] account = new Long[n], amount = new Long[n], quota = new Long[n], used = new Long[n], count = new Long[n];
        String[] actor = new String[n], key = new String[n], reason = new String[n];
        Map<ConsumeRequest.Key, Integer> index = new HashMap<>();
        for (int j = 0; j < n; j++) {
            int i = taken.get(j);
            ConsumeRequest r = requests.get(i);
            long[] a = after.get(i);
            account[j] = r.userId();
            amount[j] = r.amount();
            quota[j] = a[0];
            used[j] = a[1];
            count[j] = a[2];
            actor[j] = r.actor();
            key[j] = r.idempotencyKey();
            reason[j] = r.reason();
            index.put(r.key(), i);
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
                        LedgerEntry e = LedgerEntry.of(r);
                        outcome[index.get(new ConsumeRequest.Key(e.actor(), e.idempotencyKey()))] = new Applied(e, false);
                    }
                }).replaceWithVoid();
    }

    /** A repeated key within the batch gets its first request's result: as a replay, or its refusal. */
    private Object[] resolveTwins() {
        for (int i = 0; i < outcome.length; i++) {
            if (outcome[i] instanceof Integer firstIndex) {
                Object first = outcome[firstIndex];
                ConsumeRequest r = requests.get(i);
                ConsumeRequest f = requests.get(firstIndex);
                if (r.userId() != f.userId() || r.amount() != f.amount()) {
                    outcome[i] = QuotaErrors.keyReused(r.idempotencyKey());
                } else {
                    outcome[i] = first instanceof Applied a ? new Applied(a.entry(), true) : first;
                }
            }
        }
        return outcome;
    }

    private long total(List<Integer> indexes) {
        long sum = 0;
        for (int i : indexes) {
            sum += requests.get(i).amount();
        }
        return sum;
    }
}
