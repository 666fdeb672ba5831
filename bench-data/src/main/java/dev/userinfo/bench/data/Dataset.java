package dev.userinfo.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The generator's own bookkeeping in schema {@code bench}: {@code bench.dataset} holds the sizes of the one dataset of
 * this database and, once finished, its RESULT figures; {@code bench.dataset_part} one row per finished part, written in
 * the part's own transaction. So a finished build is reused, and an interrupted one resumes: finished parts stay, a
 * COPY part that was cut off rolled back whole, and the users part imports only the logins still missing.
 */
final class Dataset {

    private final Connection db;

    Dataset(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS bench.dataset (
                        id          INT PRIMARY KEY CHECK (id = 1),
                        sizes       TEXT        NOT NULL,
                        result      TEXT,
                        started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
                        finished_at TIMESTAMPTZ)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS bench.dataset_part (
                        part        TEXT PRIMARY KEY,
                        figures     TEXT             NOT NULL,
                        seconds     DOUBLE PRECISION NOT NULL,
                        finished_at TIMESTAMPTZ      NOT NULL DEFAULT now())""");
        }
    }

    /** The stored figures of a finished build of exactly these sizes. */
    Optional<String> finished(String sizes) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT result FROM bench.dataset WHERE id = 1 AND sizes = ? AND result IS NOT NULL")) {
            s.setString(1, sizes);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** Starts or resumes a build of these sizes; a database holding another dataset is refused (use a fresh data dir). */
    void begin(String sizes) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT sizes FROM bench.dataset WHERE id = 1")) {
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    if (!r.getString(1).equals(sizes)) {
                        throw new IllegalStateException("this database holds a dataset of other sizes (" + r.getString(1)
                                + "); build into a fresh data directory (./run.sh --data-dir DIR)");
                    }
                    Progress.say("resuming the build of %s", sizes);
                    return;
                }
            }
        }
        try (PreparedStatement s = db.prepareStatement("INSERT INTO bench.dataset (id, sizes) VALUES (1, ?)")) {
            s.setString(1, sizes);
            s.executeUpdate();
        }
    }

    /** The figures of a finished part (said on stderr), or empty when it still has to be built. */
    Optional<String> part(String name) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT figures FROM bench.dataset_part WHERE part = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Progress.say("%s: already built (%s)", name, r.getString(1));
                return Optional.of(r.getString(1));
            }
        }
    }

    /** Records a finished part on {@code tx}, in the transaction that wrote it when there is one. */
    static void partDone(Connection tx, String name, String figures, double seconds) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO bench.dataset_part (part, figures, seconds) VALUES (?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, figures);
            s.setDouble(3, seconds);
            s.executeUpdate();
        }
    }

    void finish(String result) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("UPDATE bench.dataset SET result = ?, finished_at = now() WHERE id = 1")) {
            s.setString(1, result);
            s.executeUpdate();
        }
    }
}
