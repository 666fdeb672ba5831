package dev.userinfo.jwt.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.contracts.clients.WellKnownClients;
import dev.userinfo.jwt.VerifiedCaller;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin APIs' decision table (issue #18), row by row: who is admitted, as whom, and what every other caller gets. */
class AdminAccessRuleTest {

    private static final List<String> READS = List.of("GET", "HEAD", "OPTIONS");
    private static final List<String> WRITES = List.of("POST", "PUT", "PATCH", "DELETE");

    private static VerifiedCaller user(String sub, String clientId, String... scopes) {
        return new VerifiedCaller(sub, clientId, Set.of(scopes), "jti", Instant.EPOCH, Instant.EPOCH.plusSeconds(300), null, null, false);
    }

    private static VerifiedCaller appOwn(String clientId, String... scopes) {
        return new VerifiedCaller(clientId, clientId, Set.of(scopes), "jti", Instant.EPOCH, Instant.EPOCH.plusSeconds(300), null, null, true);
    }

    private static void refused(int status, String code, boolean staticCredential, VerifiedCaller caller, String method) {
        AdminProblem problem = assertThrows(AdminProblem.class, () -> AdminAccessRule.admit(staticCredential, caller, method),
                caller + " " + method);
        assertEquals(status, problem.status(), caller + " " + method);
        assertEquals(code, problem.code(), caller + " " + method);
    }

    @Test
    void admitWhenTheStaticCredentialThenTheAdminTokenActorForEveryMethod() {
        for (String method : concat(READS, WRITES)) {
            AdminCaller caller = AdminAccessRule.admit(true, null, method);
            assertSame(AdminCaller.STATIC_CREDENTIAL, caller);
            assertEquals("admin-token", caller.actor());
            assertTrue(caller.staticCredential());
        }
    }

    @Test
    void admitWhenNoOrARefusedTokenThenUnauthorized() {
        for (String method : concat(READS, WRITES)) {
            refused(401, "unauthorized", false, null, method);
        }
    }

    @Test
    void admitWhenAnOperatorsTokenWithBothScopesThenTheOperatorForEveryMethod() {
        VerifiedCaller operator = user("42", WellKnownClients.PLATFORM_CONSOLE, AdminScopes.READ, AdminScopes.WRITE);
        for (String method : concat(READS, WRITES)) {
            AdminCaller caller = AdminAccessRule.admit(false, operator, method);
            assertEquals("operator:42", caller.actor());
            assertEquals(OptionalLong.of(42), caller.operatorId());
        }
    }

    @Test
    void admitWhenAnAuditorsTokenThenReadsOnlyAndWritesInsufficientScope() {
        VerifiedCaller auditor = user("43", WellKnownClients.PLATFORM_CONSOLE, AdminScopes.READ);
        for (String method : READS) {
            assertEquals("operator:43", AdminAccessRule.admit(false, auditor, method).actor());
        }
        for (String method : WRITES) {
            refused(403, "insufficient_scope", false, auditor, method);
        }
    }

    @Test
    void admitWhenOnlyTheWriteScopeThenWritesButNoReads() {
        // No scope implies another (jwt-verification README, "One scope model"): admin:write is not admin:read.
        VerifiedCaller writer = user("44", WellKnownClients.PLATFORM_CONSOLE, AdminScopes.WRITE);
        for (String method : WRITES) {
            assertEquals("operator:44", AdminAccessRule.admit(false, writer, method).actor());
        }
        for (String method : READS) {
            refused(403, "insufficient_scope", false, writer, method);
        }
    }

    @Test
    void admitWhenAPersonalAccessTokenThenItsScopesDecideLikeAnyToken() {
        VerifiedCaller withAdmin = user("45", WellKnownClients.PERSONAL_ACCESS_TOKEN, "profile", AdminScopes.READ, AdminScopes.WRITE);
        VerifiedCaller without = user("45", WellKnownClients.PERSONAL_ACCESS_TOKEN, "profile", "openid", "admin");
        for (String method : concat(READS, WRITES)) {
            assertEquals("operator:45", AdminAccessRule.admit(false, withAdmin, method).actor());
            refused(403, "insufficient_scope", false, without, method);
        }
    }

    @Test
    void admitWhenAPlainUsersTokenThenInsufficientScope() {
        VerifiedCaller plain = user("46", "demo-app", "openid", "profile", "email", "phone", "org_read", "quota_write");
        for (String method : concat(READS, WRITES)) {
            refused(403, "insufficient_scope", false, plain, method);
        }
    }

    @Test
    void admitWhenAnAppsOwnClientTokenThenInsufficientScopeEvenWithTheAdminScopes() {
        // A numeric client id must not pass for a user id either.
        for (VerifiedCaller app : List.of(appOwn("demo-app", AdminScopes.READ, AdminScopes.WRITE), appOwn("42", AdminScopes.READ, AdminScopes.WRITE),
                appOwn(WellKnownClients.PLATFORM_CONSOLE, AdminScopes.READ, AdminScopes.WRITE))) {
            for (String method : concat(READS, WRITES)) {
                refused(403, "insufficient_scope", false, app, method);
            }
        }
    }

    @Test
    void admitWhenTheSubjectIsNoUserIdThenInsufficientScope() {
        for (String sub : new String[] {null, "", "alice", "99999999999999999999"}) {
            refused(403, "insufficient_scope", false, user(sub, WellKnownClients.PLATFORM_CONSOLE, AdminScopes.READ, AdminScopes.WRITE), "GET");
        }
    }

    @Test
    void refusalWhenInsufficientScopeThenTheChallengeNamesTheScopeAndA401KeepsTheAdminRealm() {
        var forbidden = AdminAccessRule.refusal(AdminAccessRule.insufficientScope(AdminScopes.WRITE), "DELETE");
        assertEquals(403, forbidden.getStatus());
        assertEquals("Bearer realm=\"admin\", error=\"insufficient_scope\", scope=\"admin:write\"",
                forbidden.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        assertTrue(forbidden.getEntity().toString().contains("\"error\":\"insufficient_scope\""), forbidden.getEntity().toString());
        var unauthorized = AdminAccessRule.refusal(AdminProblem.unauthorized("A valid admin credential is required"), "GET");
        assertEquals(401, unauthorized.getStatus());
        assertEquals("Bearer realm=\"admin\"", unauthorized.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        assertNull(AdminAccessRule.refusal(AdminProblem.invalid("x"), "GET").getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
