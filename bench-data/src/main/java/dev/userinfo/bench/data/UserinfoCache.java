package dev.userinfo.bench.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** userinfo-service caches users; rows written behind its back must drop every pod's cache (its ChangeFeed). */
final class UserinfoCache {

    /** userinfo.cache.channel's default; "*" means "anyone may have changed", sent when the transaction commits. */
    private static final String NOTIFY_ALL = "SELECT pg_notify('userinfo_changed', '*')";

    private UserinfoCache() {
    }

    static void dropEverywhere(Connection tx) throws SQLException {
        try (Statement s = tx.createStatement()) {
            s.execute(NOTIFY_ALL);
        }
    }
}
