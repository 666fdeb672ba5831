package dev.userinfo.bench.data;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Live revocation rules at auth-service (kind token: one revoked access token's jti each), so the resource services
 * follow a feed of this many rules (issue #19: revocation propagation with 100,000 rules). They expire in 30 days,
 * after which housekeeping deletes them. Written under the feed's advisory lock, as Revocations does, so a follower's
 * cursor never skips a row that commits late.
 */
final class RevocationRules implements CopyPart {

    /** auth-service's Revocations.FEED_LOCK. */
    static final long FEED_LOCK = 0x5245564f4b454653L;
    private final long rules;

    RevocationRules(long rules) {
        this.rules = rules;
    }

    @Override
    public String name() {
        return "revocations";
    }

    @Override
    public String write(Connection tx, ScaleData data) throws Exception {
        try (Statement s = tx.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + FEED_LOCK + ")");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (CopyRows rows = new CopyRows(tx, "auth.revocation", "kind, token_id, expires_at, created_at")) {
            for (long i = 0; i < rules; i++) {
                Instant created = now.minus(data.random.nextInt(24 * 60), ChronoUnit.MINUTES);
                rows.row("token", new UUID(data.random.nextLong(), data.random.nextLong()), created.plus(30, ChronoUnit.DAYS), created);
            }
        }
        return "revocations=" + rules;
    }
}
