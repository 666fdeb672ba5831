package dev.userinfo.bench.data;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Old refresh-token families at auth-service (RFC 6749 §6, RFC 9700 §4.14.2): each a grant started 20 to 80 days ago
 * for a random scale user and app, one rotated refresh token and the current one. Every token is still within its
 * 30-day life and every family within its 90 days, so auth-service's housekeeping (ExpiredRows) keeps them.
 */
final class RefreshFamilies implements CopyPart {

    static final String SCOPES = "{openid,profile,offline_access}";
    private final long families;

    RefreshFamilies(long families) {
        this.families = families;
    }

    @Override
    public String name() {
        return "refresh-families";
    }

    @Override
    public String write(Connection tx, ScaleData data) throws Exception {
        if (families == 0 || data.userIds.length == 0 || data.appIds.length == 0) {
            return "refresh_families=0";
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID[] grants = new UUID[(int) families];
        Instant[] lastIssued = new Instant[grants.length];
        try (CopyRows rows = new CopyRows(tx, "auth.authorization_grant",
                "id, user_id, appid, client_id, scopes, auth_time, created_at")) {
            for (int i = 0; i < grants.length; i++) {
                grants[i] = new UUID(data.random.nextLong(), data.random.nextLong());
                int app = data.anyApp();
                Instant started = now.minus(20 + data.random.nextInt(60), ChronoUnit.DAYS);
                rows.row(grants[i], data.anyUser(), data.appIds[app], data.clientIds[app], SCOPES, started, started);
                lastIssued[i] = now.minus(1 + data.random.nextInt(20 * 24), ChronoUnit.HOURS);
            }
        }
        try (CopyRows rows = new CopyRows(tx, "auth.refresh_token", "token_hash, grant_id, issued_at, expires_at, rotated_at")) {
            for (int i = 0; i < grants.length; i++) {
                Instant rotated = lastIssued[i];
                Instant before = rotated.minus(1 + data.random.nextInt(72), ChronoUnit.HOURS);
                rows.row(data.randomHash(), grants[i], before, before.plus(30, ChronoUnit.DAYS), rotated);
                rows.row(data.randomHash(), grants[i], rotated, rotated.plus(30, ChronoUnit.DAYS), null);
            }
        }
        return "refresh_families=" + families;
    }
}
