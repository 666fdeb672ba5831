package dev.userinfo.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.auth.user.User;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Expired codes, refresh tokens, revocation rules and spent grants go; anything still of use stays. */
@QuarkusTest
class ExpiredRowsTest {

    @Inject
    Grants grants;

    @Inject
    ExpiredRows expiredRows;

    @Test
    void onlyRowsThatCanNoLongerMatterAreDeleted() {
        User user = grants.user();
        AuthorizationCodes.Issued spent = grants.code(user.id, List.of("profile"), null, null);
        AuthorizationCodes.Issued live = grants.code(user.id, List.of("profile"), null, null);
        String spentGrant = spent.grantId().toString();
        String liveGrant = live.grantId().toString();
        // The spent grant: its code expired two days ago, and it was created long before any live access token.
        grants.sql("UPDATE auth.authorization_code SET expires_at = now() - interval '2 days' WHERE grant_id = '" + spentGrant + "'");
        grants.sql("UPDATE auth.authorization_grant SET created_at = now() - interval '3 days' WHERE id = '" + spentGrant + "'");
        // A live grant as old, but with an unexpired code: nothing of it may go.
        grants.sql("UPDATE auth.authorization_grant SET created_at = now() - interval '3 days' WHERE id = '" + liveGrant + "'");
        String old = UUID.randomUUID().toString();
        String current = UUID.randomUUID().toString();
        grants.sql("INSERT INTO auth.revocation (kind, token_id, expires_at) VALUES ('token', '" + old + "', now() - interval '2 days')");
        grants.sql("INSERT INTO auth.revocation (kind, token_id, expires_at) VALUES ('token', '" + current + "', now() + interval '1 hour')");
        // Expired, but within the grace period: kept.
        String recent = UUID.randomUUID().toString();
        grants.sql("INSERT INTO auth.revocation (kind, token_id, expires_at) VALUES ('token', '" + recent + "', now() - interval '1 hour')");

        Grants.await(() -> expiredRows.purge(Instant.now()));

        assertEquals(0, grants.count("SELECT count(*) FROM auth.authorization_code WHERE grant_id = '" + spentGrant + "'"));
        assertEquals(0, grants.count("SELECT count(*) FROM auth.authorization_grant WHERE id = '" + spentGrant + "'"));
        assertEquals(1, grants.count("SELECT count(*) FROM auth.authorization_code WHERE grant_id = '" + liveGrant + "'"));
        assertEquals(1, grants.count("SELECT count(*) FROM auth.authorization_grant WHERE id = '" + liveGrant + "'"));
        assertEquals(0, grants.count("SELECT count(*) FROM auth.revocation WHERE token_id = '" + old + "'"));
        assertEquals(1, grants.count("SELECT count(*) FROM auth.revocation WHERE token_id = '" + current + "'"));
        assertEquals(1, grants.count("SELECT count(*) FROM auth.revocation WHERE token_id = '" + recent + "'"));
    }
}
