package dev.userinfo.bench.data;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Watches imported users arrive at userinfo-service and account-quota-service through the outbox: one thread, its own
 * connection, an index lookup of each waiting import request's ids per service every 100 ms (oldest first: delivery
 * follows seq, so a later request is rarely complete before an earlier one). A user is in auth-service once its
 * import request answered 201.
 */
final class Visibility implements AutoCloseable {

    /** One import request's users: when it answered, and when all of them were in both other services. */
    static final class Batch {
        final long[] ids;
        final long importedAt;
        volatile long visibleAt;
        boolean inUserinfo;
        boolean inQuota;

        Batch(long[] ids, long importedAt) {
            this.ids = ids;
            this.importedAt = importedAt;
        }
    }

    private final Connection db;
    private final ConcurrentLinkedQueue<Batch> arriving = new ConcurrentLinkedQueue<>();
    private final List<Batch> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean importing = true;
    private volatile Exception failure;

    Visibility(Connection db) {
        this.db = db;
        this.watcher = new Thread(this::watch, "visibility");
        this.watcher.setDaemon(true);
        this.watcher.start();
    }

    void imported(Batch batch) {
        all.add(batch);
        arriving.add(batch);
    }

    /** Waits until every batch is visible everywhere; returns them all. */
    List<Batch> awaitAll(long timeoutSeconds) throws Exception {
        importing = false;
        watcher.join(timeoutSeconds * 1000);
        if (failure != null) {
            throw failure;
        }
        if (watcher.isAlive()) {
            throw new IllegalStateException("imported users were not visible in all three services within " + timeoutSeconds + " s");
        }
        return List.copyOf(all);
    }

    private void watch() {
        List<Batch> waiting = new ArrayList<>();
        try (PreparedStatement userinfo = db.prepareStatement("SELECT count(*) FROM userinfo.profile WHERE user_id = ANY(?)");
             PreparedStatement quota = db.prepareStatement("SELECT count(*) FROM quota.account WHERE id = ANY(?)")) {
            while (true) {
                boolean last = !importing;
                for (Batch b; (b = arriving.poll()) != null; ) {
                    waiting.add(b);
                }
                for (Batch b : waiting) {
                    if (!(b.inUserinfo = b.inUserinfo || complete(userinfo, b))) {
                        break;
                    }
                }
                for (Batch b : waiting) {
                    if (!(b.inQuota = b.inQuota || complete(quota, b))) {
                        break;
                    }
                }
                long now = System.nanoTime();
                for (Iterator<Batch> i = waiting.iterator(); i.hasNext(); ) {
                    Batch b = i.next();
                    if (b.inUserinfo && b.inQuota) {
                        b.visibleAt = now;
                        i.remove();
                    }
                }
                if (last && waiting.isEmpty() && arriving.isEmpty()) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private boolean complete(PreparedStatement count, Batch batch) throws SQLException {
        Array ids = db.createArrayOf("bigint", java.util.Arrays.stream(batch.ids).boxed().toArray());
        count.setArray(1, ids);
        try (ResultSet r = count.executeQuery()) {
            r.next();
            return r.getLong(1) == batch.ids.length;
        }
    }

    @Override
    public void close() throws SQLException {
        importing = false;
        watcher.interrupt();
        db.close();
    }
}
