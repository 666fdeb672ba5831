package dev.userinfo.bench.data;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * {@code sessions}: N scale users drawn uniformly, each given a fresh signed-in browser session and a remembered consent
 * for one client and scope, inserted directly (only volume matters). The cookie value is what auth-service's Sessions
 * issues: 256 random bits, unpadded base64url (43 characters); the row holds its SHA-256 (browser_session.id_hash).
 * The file ({@code <user id> <__Host-session value>} per line) is made 0600 before anything is written to it.
 */
final class ScaleSessions {

    private final long count;
    private final String clientId;
    private final String[] scopes;
    private final Path out;

    ScaleSessions(Options options) {
        this.count = options.number("count");
        this.clientId = options.text("client-id");
        this.scopes = options.text("scope").trim().split("\\s+");
        if (options.text("out").isEmpty()) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        this.out = Path.of(options.text("out"));
    }

    long write(Connection db) throws Exception {
        ScaleData data = ScaleData.load(db);
        if (data.userIds.length == 0) {
            throw new IllegalStateException("no scale users: run build first");
        }
        long appid = appid(db);
        SecureRandom random = new SecureRandom();
        Files.deleteIfExists(out);
        Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        db.setAutoCommit(false);
        try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
             PreparedStatement session = db.prepareStatement("INSERT INTO auth.browser_session (id_hash, user_id, auth_time, "
                     + "created_at, expires_at) VALUES (?, ?, now(), now(), now() + interval '12 hours')");
             PreparedStatement consent = db.prepareStatement("INSERT INTO auth.consent (user_id, appid, scopes) VALUES (?, ?, ?) "
                     + "ON CONFLICT (user_id, appid) DO UPDATE SET scopes = ARRAY(SELECT DISTINCT unnest(consent.scopes || EXCLUDED.scopes)), "
                     + "updated_at = now()")) {
            java.sql.Array granted = db.createArrayOf("text", scopes);
            for (long i = 0; i < count; i++) {
                long user = data.userIds[random.nextInt(data.userIds.length)];
                byte[] bits = new byte[32];
                random.nextBytes(bits);
                String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
                session.setBytes(1, MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.US_ASCII)));
                session.setLong(2, user);
                session.addBatch();
                consent.setLong(1, user);
                consent.setLong(2, appid);
                consent.setArray(3, granted);
                consent.addBatch();
                file.write(user + " " + cookie + "\n");
                if (i % 1000 == 999) {
                    flush(session, consent);
                }
            }
            flush(session, consent);
            db.commit();
        } catch (Exception e) {
            db.rollback();
            Files.deleteIfExists(out);
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
        return count;
    }

    /** Sends the queued rows: one round trip per thousand users. */
    private static void flush(PreparedStatement session, PreparedStatement consent) throws SQLException {
        session.executeBatch();
        consent.executeBatch();
    }

    private long appid(Connection db) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT appid FROM auth.app WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalArgumentException("no app " + clientId);
                }
                return r.getLong(1);
            }
        }
    }
}
