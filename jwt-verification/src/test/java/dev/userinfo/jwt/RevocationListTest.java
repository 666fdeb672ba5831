package dev.userinfo.jwt;

import dev.userinfo.contracts.clients.WellKnownClients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The revocation rules learnt from auth-service's feed (auth-service README, "Revocation"), matched in memory. */
class RevocationListTest {

    private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant LATER = T.plusSeconds(3600);

    private final RevocationList list = new RevocationList();

    private static VerifiedCaller user(String sub, String clientId, String jti, String gid, Instant issuedAt) {
        return new VerifiedCaller(sub, clientId, Set.of("profile"), jti, issuedAt, issuedAt.plusSeconds(600), "o", gid, false);
    }

    private static VerifiedCaller appToken(String clientId, Instant issuedAt) {
        return new VerifiedCaller(clientId, clientId, Set.of(), "c1", issuedAt, issuedAt.plusSeconds(600), null, null, true);
    }

    private static VerifiedCaller pat(String sub, String id, Instant issuedAt) {
        return new VerifiedCaller(sub, WellKnownClients.PERSONAL_ACCESS_TOKEN, Set.of("profile"), id, issuedAt, null, null,
                null, false);
    }

    @Test
    void revokedWhenNoRuleThenFalse() {
        assertFalse(list.revoked(user("7", "app", "j1", "g1", T)));
    }

    @Test
    void revokedWhenATokenRuleNamesItsJtiThenTrueAndOthersNot() {
        list.add("token", "j1", null, null, null, null, LATER);
        assertTrue(list.revoked(user("7", "app", "j1", "g1", T)));
        assertFalse(list.revoked(user("7", "app", "j2", "g1", T)));
    }

    @Test
    void revokedWhenAGrantRuleNamesItsFamilyThenEveryTokenOfItTrue() {
        // RFC 9700 §4.14.2: a whole code → refresh family at once.
        list.add("grant", null, "g1", null, null, null, LATER);
        assertTrue(list.revoked(user("7", "app", "j1", "g1", T)));
        assertTrue(list.revoked(user("7", "app", "j9", "g1", T)));
        assertFalse(list.revoked(user("7", "app", "j1", "g2", T)));
        assertFalse(list.revoked(user("7", "app", "j1", null, T)));
    }

    @Test
    void revokedWhenAUserRuleThenTokensIssuedUpToItsInstantTrueAndLaterOnesFalse() {
        list.add("user", null, null, "7", null, T, LATER);
        assertTrue(list.revoked(user("7", "app", "j1", "g1", T.minusSeconds(1))));
        assertTrue(list.revoked(user("7", "app", "j1", "g1", T)), "the same second is refused: the safe side");
        assertFalse(list.revoked(user("7", "app", "j1", "g1", T.plusSeconds(1))));
        assertFalse(list.revoked(user("8", "app", "j1", "g1", T.minusSeconds(1))));
    }

    @Test
    void revokedWhenAUserAppRuleThenOnlyThatAppsTokensOfTheUser() {
        list.add("user_app", null, null, "7", "app", T, LATER);
        assertTrue(list.revoked(user("7", "app", "j1", "g1", T.minusSeconds(1))));
        assertFalse(list.revoked(user("7", "other", "j1", "g1", T.minusSeconds(1))));
        assertFalse(list.revoked(user("8", "app", "j1", "g1", T.minusSeconds(1))));
        assertFalse(list.revoked(user("7", "app", "j1", "g1", T.plusSeconds(1))));
    }

    @Test
    void revokedWhenAUserRuleNamesAClientIdThenTheAppsOwnTokenIsNotRefused() {
        // A client_credentials token's sub is a client_id: no user rule is about it.
        list.add("user", null, null, "app", null, T, LATER);
        list.add("user_app", null, null, "app", "app", T, LATER);
        assertFalse(list.revoked(appToken("app", T.minusSeconds(1))));
    }

    @Test
    void revokedWhenAPatRuleNamesThePersonalTokenThenTrue() {
        list.add("pat", "p1", null, null, null, null, LATER);
        assertTrue(list.revoked(pat("7", "p1", T)));
        assertFalse(list.revoked(pat("7", "p2", T)));
    }

    @Test
    void revokedWhenAUserRuleAndAPersonalTokenIssuedBeforeThenTrue() {
        list.add("user", null, null, "7", null, T, LATER);
        assertTrue(list.revoked(pat("7", "p1", T.minusSeconds(1))));
        assertFalse(list.revoked(pat("7", "p1", T.plusSeconds(1))));
    }

    @Test
    void revokedWhenATokenRuleNamesAPersonalTokensIdThenNotConfusedWithIt() {
        list.add("token", "p1", null, null, null, null, LATER);
        assertFalse(list.revoked(pat("7", "p1", T)));
    }

    @Test
    void addWhenTwoUserRulesThenTheLaterCutoffAndTheLaterExpiryWin() {
        list.add("user", null, null, "7", null, T.plusSeconds(60), T.plusSeconds(100));
        list.add("user", null, null, "7", null, T, LATER);
        assertTrue(list.revoked(user("7", "app", "j1", "g1", T.plusSeconds(30))));
        list.prune(T.plusSeconds(200));
        assertEquals(1, list.size(), "kept until the later expiry");
    }

    @Test
    void addWhenTheKindIsUnknownOrAFieldIsMissingThenIgnored() {
        list.add("session", "j1", null, null, null, null, LATER);
        list.add(null, "j1", null, null, null, null, LATER);
        list.add("token", "j1", null, null, null, null, null);
        list.add("token", null, null, null, null, null, LATER);
        list.add("user", null, null, "7", null, null, LATER);
        list.add("user_app", null, null, "7", null, T, LATER);
        assertEquals(0, list.size());
        assertFalse(list.revoked(user("7", "app", "j1", "g1", T.minusSeconds(1))));
    }

    @Test
    void pruneWhenEveryMatchableTokenHasExpiredThenTheRuleIsDropped() {
        list.add("token", "j1", null, null, null, null, T);
        list.add("grant", null, "g1", null, null, null, LATER);
        list.add("user", null, null, "7", null, T, T);
        list.prune(T);
        assertEquals(1, list.size());
        assertFalse(list.revoked(user("7", "app", "j1", "g2", T.minusSeconds(1))));
        assertTrue(list.revoked(user("7", "app", "j1", "g1", T)));
    }

    @Test
    void whenManyRulesArriveThenNoneIsDroppedBeforeItsTokensExpireAndThePruneIsCounted() {
        for (int i = 0; i < 5_000; i++) {
            list.add("token", "j" + i, null, null, null, null, i % 2 == 0 ? T : LATER);
        }
        list.prune(T.minusSeconds(1));
        assertEquals(5_000, list.size(), "never evicted for size: a dropped rule would let a revoked token through");
        assertTrue(list.revoked(user("7", "app", "j0", null, T)));
        list.prune(T);
        assertEquals(2_500, list.size());
        assertEquals(2_500, list.statistics().evictions(), "the expired rules pruned are counted");
    }
}
