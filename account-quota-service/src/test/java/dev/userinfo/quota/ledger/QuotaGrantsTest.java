package dev.userinfo.quota.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.VerifiedCaller;
import dev.userinfo.quota.ledger.QuotaGrants.Kind;
import dev.userinfo.quota.web.ApiError;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure rule of who may move whose quota (issue #13, 1), without HTTP. */
class QuotaGrantsTest {

    private final QuotaGrants grants = new QuotaGrants(Set.of("billing"));

    private static VerifiedCaller client(String clientId, String... scopes) {
        return new VerifiedCaller(clientId, clientId, Set.of(scopes), "j", Instant.now(), Instant.now().plusSeconds(60),
                null, null, true);
    }

    private static VerifiedCaller user(long id, String clientId, String... scopes) {
        return new VerifiedCaller(Long.toString(id), clientId, Set.of(scopes), "j", Instant.now(),
                Instant.now().plusSeconds(60), null, null, false);
    }

    private static void refused(Runnable r) {
        ApiError e = assertThrows(ApiError.class, r::run);
        assertEquals(403, e.status());
        assertEquals("insufficient_scope", e.code());
    }

    @Test
    void whenAListedServiceHasTheServiceScopeThenItWritesAnyAccountAsItself() {
        for (Kind kind : Kind.values()) {
            QuotaGrants.Writer w = grants.writer(client("billing", "service:quota_write"), kind);
            assertEquals("billing", w.actor());
            assertNull(w.onlyUser());
            w.check(42);
        }
        assertTrue(grants.readsAnyLedger(client("billing", "service:quota_write")));
    }

    @Test
    void whenAClientIsUnlistedOrLacksTheServiceScopeThenNothingIsGranted() {
        for (Kind kind : Kind.values()) {
            refused(() -> grants.writer(client("demo-app", "service:quota_write", "quota_write"), kind));
            refused(() -> grants.writer(client("billing", "quota_write", "quota_read"), kind));
        }
        assertFalse(grants.readsAnyLedger(client("demo-app", "service:quota_write")));
        assertFalse(grants.readsAnyLedger(client("billing", "quota_write")));
    }

    @Test
    void whenAUserTokenHasQuotaWriteThenItConsumesOnlyItsOwnUsersQuota() {
        QuotaGrants.Writer w = grants.writer(user(7, "demo-app", "quota_write"), Kind.CONSUME);
        assertEquals("demo-app/user:7", w.actor());
        w.check(7);
        refused(() -> w.check(8));
        refused(() -> grants.writer(user(7, "demo-app", "quota_write"), Kind.TOPUP));
        refused(() -> grants.writer(user(7, "demo-app", "quota_write"), Kind.REFUND));
        refused(() -> grants.writer(user(7, "demo-app", "quota_read", "service:quota_write"), Kind.CONSUME));
        refused(() -> grants.writer(user(7, "personal-access-token", "profile"), Kind.CONSUME));
    }
}
