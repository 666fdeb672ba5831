package dev.userinfo.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

/**
 * account-quota-service's ledger history (issue #5): {@code rows} entries spread evenly over the scale accounts, each
 * account's a top-up followed by consumes, every entry's balances right after it, and the account ending on its last
 * entry's balances, as the service's own writes leave them.
 */
final class Ledger implements CopyPart {

    static final long TOP_UP = 1_000_000_000L;
    static final String ACTOR = "demo-app";
    private final long rows;

    Ledger(long rows) {
        this.rows = rows;
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public String write(Connection tx, ScaleData data) throws Exception {
        int accounts = data.userIds.length;
        if (accounts == 0 || rows == 0) {
            return "ledger_rows=0";
        }
        long[][] start = balances(tx, data.userIds);
        long perAccount = rows / accounts;
        long extra = rows % accounts;
        long now = Instant.now().getEpochSecond();
        try (Statement s = tx.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE scale_balance (id BIGINT PRIMARY KEY, quota BIGINT, used BIGINT, requests BIGINT) ON COMMIT DROP");
        }
        long written;
        // One COPY at a time on a connection: the final balances go in after the ledger rows.
        long[][] end = new long[3][accounts];
        try (CopyRows ledger = new CopyRows(tx, "quota.ledger", "account_id, kind, amount, quota_delta, quota_after, "
                + "used_quota_after, request_count_after, actor, reason, created_at")) {
            for (int a = 0; a < accounts; a++) {
                long n = perAccount + (a < extra ? 1 : 0);
                long quota = start[0][a] + (n > 0 ? TOP_UP : 0);
                long used = start[1][a];
                long requests = start[2][a];
                long at = now - 86_400L * 60 + data.random.nextInt(86_400);
                if (n > 0) {
                    ledger.row(data.userIds[a], "topup", TOP_UP, TOP_UP, quota, used, requests, "user:0", "scale data", at);
                }
                for (long i = 1; i < n; i++) {
                    long amount = 1 + data.random.nextInt(5000);
                    quota -= amount;
                    used += amount;
                    requests++;
                    at += 1 + data.random.nextInt(3600);
                    ledger.row(data.userIds[a], "consume", amount, -amount, quota, used, requests, ACTOR, "", at);
                }
                end[0][a] = quota;
                end[1][a] = used;
                end[2][a] = requests;
            }
            written = ledger.rows();
        }
        try (CopyRows last = new CopyRows(tx, "scale_balance", "id, quota, used, requests")) {
            for (int a = 0; a < accounts; a++) {
                last.row(data.userIds[a], end[0][a], end[1][a], end[2][a]);
            }
        }
        try (Statement s = tx.createStatement()) {
            s.executeUpdate("UPDATE quota.account a SET quota = b.quota, used_quota = b.used, request_count = b.requests "
                    + "FROM scale_balance b WHERE a.id = b.id");
        }
        return "ledger_rows=" + written;
    }

    /** quota, used_quota and request_count of each account, in {@code ids}' order. */
    private static long[][] balances(Connection tx, long[] ids) throws Exception {
        java.util.Map<Long, Integer> index = new java.util.HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
        long[][] out = new long[3][ids.length];
        try (PreparedStatement s = tx.prepareStatement("SELECT id, quota, used_quota, request_count FROM quota.account "
                + "WHERE username LIKE 'scale-%'")) {
            s.setFetchSize(10_000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Integer i = index.get(r.getLong(1));
                    if (i != null) {
                        out[0][i] = r.getLong(2);
                        out[1][i] = r.getLong(3);
                        out[2][i] = r.getLong(4);
                    }
                }
            }
        }
        return out;
    }
}
