package dev.userinfo.quota.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.VerifiedCaller;
import dev.userinfo.quota.ledger.AdminAccess.Kind;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure rule of who may use the admin API with a token (issue #18; issue #5, 6), without HTTP. */
class AdminAccessTest {

    private static VerifiedCaller user(long id, String clientId, String... scopes) {
        return new VerifiedCaller(Long.toString(id), clientId, Set.of(scopes), "j", Instant.now(),
                Instant.now().plusSeconds(60), null, null, false);
    }

    private static VerifiedCaller client(String clientId, String... scopes) {
        return new VerifiedCaller(clientId, clientId, Set.of(scopes), "j", Instant.now(), Instant.now().plusSeconds(60),
                null, null, true);
    }

    private static Kind kind(VerifiedCaller caller, String method) {
        return AdminAccess.decide(caller, method).kind();
    }

    @Test
    void whenAUsersTokenCarriesTheAdminScopeOfTheMethodThenItIsAnOperator() {
        VerifiedCaller console = user(7, "platform-console", "admin:read", "admin:write");
        assertEquals(Kind.OPERATOR, kind(console, "GET"));
        assertEquals(Kind.OPERATOR, kind(console, "POST"));
        assertEquals(7, AdminAccess.decide(console, "POST").userId());
        VerifiedCaller pat = user(8, "personal-access-token", "admin:write");
        assertEquals(Kind.OPERATOR, kind(pat, "POST"));
        assertEquals(8, AdminAccess.decide(pat, "POST").userId());
    }

    @Test
    void whenAnAuditorWritesThenItIsRefused() {
        VerifiedCaller auditor = user(9, "platform-console", "admin:read");
        assertEquals(Kind.OPERATOR, kind(auditor, "GET"));
        assertEquals(Kind.OPERATOR, kind(auditor, "HEAD"));
        assertEquals(Kind.REFUSED, kind(auditor, "POST"));
        assertEquals(Kind.REFUSED, kind(user(9, "personal-access-token", "admin:read"), "POST"));
        // admin:write alone does not read: each method needs its own scope, as AdminScopes.requiredFor says.
        assertEquals(Kind.REFUSED, kind(user(9, "platform-console", "admin:write"), "GET"));
    }

    @Test
    void whenAnAppActsForItselfThenItIsNeverAnOperatorWhateverItCarries() {
        VerifiedCaller app = client("demo-app", "admin:read", "admin:write", "quota_read", "quota_write");
        assertEquals(Kind.REFUSED, kind(app, "GET"));
        assertEquals(Kind.REFUSED, kind(app, "POST"));
        assertEquals(Kind.REFUSED, kind(client("personal-access-token", "admin:read", "quota_read"), "GET"));
    }

    @Test
    void whenAPersonalTokenCarriesTheQuotaScopeThenItIsACandidateAdminOnlyForThatMethod() {
        assertEquals(Kind.ADMIN_PERSONAL_TOKEN, kind(user(7, "personal-access-token", "quota_read"), "GET"));
        assertEquals(Kind.REFUSED, kind(user(7, "personal-access-token", "quota_read"), "POST"));
        assertEquals(Kind.ADMIN_PERSONAL_TOKEN, kind(user(7, "personal-access-token", "quota_write"), "POST"));
        assertEquals(Kind.REFUSED, kind(user(7, "personal-access-token", "quota_write"), "GET"));
        assertEquals(Kind.REFUSED, kind(user(7, "personal-access-token", "profile"), "GET"));
        // An app's user token with the quota scopes is a user's delegation to that app, never an admin's credential.
        assertEquals(Kind.REFUSED, kind(user(7, "demo-app", "quota_read", "quota_write"), "GET"));
        assertEquals(Kind.REFUSED, kind(user(7, "demo-app", "quota_read", "quota_write"), "POST"));
    }

    @Test
    void whenThePlainUserHasNoAdminScopeThenTheRefusalSaysWhichScopeIsMissing() {
        AdminAccess.Decision d = AdminAccess.decide(user(7, "demo-app", "quota_read"), "POST");
        assertEquals(Kind.REFUSED, d.kind());
        assertEquals(true, d.detail().contains("admin:write"));
    }
}
