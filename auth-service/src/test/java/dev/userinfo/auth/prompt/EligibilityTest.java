package dev.userinfo.auth.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.LinkedHashSet;
import org.junit.jupiter.api.Test;

/** Who is prompted when an app opens a request (issue #6, issue #13 item 4). Plain unit test. */
class EligibilityTest {

    private static final Set<String> REQUESTED = new LinkedHashSet<>(List.of("openid", "profile", "chat"));

    private static Eligibility.Decision decide(boolean active, Set<String> granted, boolean firstParty, boolean muted, boolean online) {
        return Eligibility.decide(new Eligibility.Facts(active, granted, firstParty, muted, online), REQUESTED);
    }

    @Test
    void whenTheUserAuthorizedTheAppAndIsOnlineThenSheIsPromptedForTheGrantedScopesOnly() {
        Eligibility.Decision decision = decide(true, Set.of("openid", "chat", "email"), false, false, true);
        assertEquals(Eligibility.PUSHED, decision.why());
        assertTrue(decision.pushed());
        assertEquals(List.of("openid", "chat"), List.copyOf(decision.scopes()), "requested ∩ granted, in the requested order");
    }

    @Test
    void whenTheUserNeverAuthorizedTheAppThenSheIsNotPromptedUnlessItIsFirstParty() {
        assertEquals(Eligibility.NOT_AUTHORIZED, decide(true, null, false, false, true).why());
        Eligibility.Decision firstParty = decide(true, null, true, false, true);
        assertEquals(Eligibility.PUSHED, firstParty.why());
        assertEquals(REQUESTED, firstParty.scopes(), "no consent to narrow by");
    }

    @Test
    void whenTheUserIsNotActiveThenNothingElseCounts() {
        assertEquals(Eligibility.NOT_AUTHORIZED, decide(false, Set.of("openid"), true, false, true).why());
    }

    @Test
    void whenNoRequestedScopeWasGrantedThenNobodyIsPromptedAndTheRequestKeepsItsScopes() {
        Eligibility.Decision decision = decide(true, Set.of("email"), true, false, true);
        assertEquals(Eligibility.NO_GRANTED_SCOPE, decision.why());
        assertFalse(decision.pushed());
        assertEquals(REQUESTED, decision.scopes());
    }

    @Test
    void whenTheAppIsMutedOrTheUserOfflineThenSheIsNotPromptedButTheScopesAreNarrowed() {
        Eligibility.Decision muted = decide(true, Set.of("openid"), false, true, true);
        assertEquals(Eligibility.MUTED, muted.why());
        assertEquals(Set.of("openid"), muted.scopes());
        Eligibility.Decision offline = decide(true, Set.of("openid"), false, false, false);
        assertEquals(Eligibility.OFFLINE, offline.why());
        assertEquals(Set.of("openid"), offline.scopes());
    }

    @Test
    void whenTheRequestNamesNoUserThenNobodyIsPrompted() {
        Eligibility.Decision decision = Eligibility.noUser(REQUESTED);
        assertEquals(Eligibility.NO_USER, decision.why());
        assertFalse(decision.pushed());
    }

    @Test
    void theAuditTrailKeepsItsWords() {
        assertEquals(List.of("pushed", "no user_id", "not authorized before", "no granted scope requested", "muted", "offline"),
                java.util.Arrays.stream(Eligibility.values()).map(Eligibility::auditDetail).toList());
    }

    @Test
    void whenTheConsentWasNarrowedOrWithdrawnSinceThePromptOpenedThenItCannotBeApproved() {
        assertTrue(Eligibility.stillApprovable(Set.of("openid", "chat"), false, List.of("openid", "chat")));
        assertFalse(Eligibility.stillApprovable(Set.of("openid"), true, List.of("openid", "chat")), "a consent is never widened");
        assertFalse(Eligibility.stillApprovable(null, false, List.of("openid")), "withdrawn");
        assertTrue(Eligibility.stillApprovable(null, true, List.of("openid")), "a first-party app's first prompt");
    }
}
