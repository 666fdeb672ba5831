package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.contracts.clients.WellKnownClients;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #18: the admin API admits an operator's own token beside the static credential. Operators read and write,
 * auditors read and every write is 403 with nothing changed, plain users' and apps' tokens are 403 on every admin path,
 * refused tokens 401; every write is in the audit trail with the operator as actor. Tokens are real RS256 JWTs (and
 * introspected personal tokens) verified over HTTPS, as auth-service would mint them.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class OperatorAccessTest extends AdminApiTest {

    /** What every admin path can name: a user, an organisation and a role she holds there, an app with a group she is in. */
    private record Fixture(long user, long org, long role, long app, int group, long newOrg, long newRole) {
    }

    /** One admin request. */
    private record Call(String method, String path, String contentType, String body) {
        Response send(RequestSpecification spec) {
            if (contentType != null) {
                spec = spec.contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
            }
            return spec.request(method, path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A write, the status it answers an operator, and the audit entries it records (action and target each). */
    private record Write(Call call, int status, List<String> recorded) {
    }

    private Fixture fixture() {
        long user = createUser("op-" + newUserId(), "Operated", null, null);
        long org = newUserId();
        long role = newUserId();
        long app = newUserId();
        adminJson("{\"org_code\":\"op" + org + "\",\"org_name\":\"Org\"}").put("/admin/orgs/" + org).then().statusCode(200);
        adminJson("{\"role_code\":\"op" + role + "\",\"role_name\":\"Role\"}").put("/admin/roles/" + role).then().statusCode(200);
        registerApp(app, "op-app-" + app);
        adminJson("{\"name\":\"Testers\"}").put("/admin/apps/" + app + "/groups/2").then().statusCode(200);
        admin().put("/admin/apps/" + app + "/groups/2/members/" + user).then().statusCode(204);
        adminJson("{\"role_ids\":[" + role + "]}").put("/admin/profiles/" + user + "/orgs/" + org).then().statusCode(204);
        return new Fixture(user, org, role, app, 2, newUserId(), newUserId());
    }

    private static List<Call> reads(Fixture f) {
        return List.of(new Call("GET", "/admin/orgs", null, null), new Call("GET", "/admin/orgs/" + f.org(), null, null),
                new Call("GET", "/admin/roles", null, null), new Call("GET", "/admin/roles/" + f.role(), null, null),
                new Call("GET", "/admin/apps", null, null), new Call("GET", "/admin/apps/" + f.app(), null, null),
                new Call("GET", "/admin/apps/" + f.app() + "/groups", null, null),
                new Call("GET", "/admin/apps/" + f.app() + "/groups/" + f.group() + "/members", null, null),
                new Call("GET", "/admin/profiles", null, null), new Call("GET", "/admin/profiles/" + f.user(), null, null),
                new Call("GET", "/admin/profiles/" + f.user() + "/orgs", null, null), new Call("GET", "/admin/audit", null, null));
    }

    /** Every write operation of the admin API, in an order one operator can run them one after another. */
    private static List<Write> writes(Fixture f) {
        String json = "application/json";
        long o = f.newOrg();
        long r = f.newRole();
        String app = "/admin/apps/" + f.app();
        String user = "user:" + f.user();
        return List.of(
                new Write(new Call("POST", "/admin/orgs", json, "{\"org_id\":" + o + ",\"org_code\":\"n" + o + "\",\"org_name\":\"New\"}"),
                        201, List.of("org.create org:" + o)),
                new Write(new Call("PUT", "/admin/orgs/" + o, json, "{\"org_code\":\"n" + o + "\",\"org_name\":\"Renamed\"}"),
                        200, List.of("org.update org:" + o)),
                new Write(new Call("POST", "/admin/roles", json, "{\"role_id\":" + r + ",\"role_code\":\"n" + r + "\",\"role_name\":\"New\"}"),
                        201, List.of("role.create role:" + r)),
                new Write(new Call("PUT", "/admin/roles/" + r, json, "{\"role_code\":\"n" + r + "\",\"role_name\":\"Renamed\"}"),
                        200, List.of("role.update role:" + r)),
                new Write(new Call("PUT", app, json, "{\"directory_access\":true}"), 200, List.of("app.update app:" + f.app())),
                new Write(new Call("PUT", app + "/groups/3", json, "{\"name\":\"Beta\"}"), 200, List.of("group.create app:" + f.app())),
                new Write(new Call("PUT", app + "/groups/3", json, "{\"name\":\"Beta testers\"}"), 200, List.of("group.update app:" + f.app())),
                new Write(new Call("PUT", app + "/groups/3/members/" + f.user(), null, null), 204, List.of("group.add-member " + user)),
                new Write(new Call("DELETE", app + "/groups/3/members/" + f.user(), null, null), 204, List.of("group.remove-member " + user)),
                new Write(new Call("DELETE", app + "/groups/3", null, null), 204, List.of("group.delete app:" + f.app())),
                new Write(new Call("PATCH", "/admin/profiles/" + f.user(), json, "{\"nickname\":\"Op\",\"gender\":2}"), 200,
                        List.of("profile.update " + user)),
                new Write(new Call("PUT", "/admin/profiles/" + f.user() + "/orgs/" + o, json, "{\"role_ids\":[" + r + "]}"), 204,
                        List.of("membership.create " + user)),
                new Write(new Call("PUT", "/admin/profiles/" + f.user() + "/orgs/" + o, json, "{\"role_ids\":[]}"), 204,
                        List.of("membership.update " + user)),
                new Write(new Call("DELETE", "/admin/profiles/" + f.user() + "/orgs/" + o, null, null), 204, List.of("membership.delete " + user)),
                new Write(new Call("POST", "/admin/import", "application/x-ndjson",
                        "{\"type\":\"org\",\"org_id\":" + o + ",\"org_code\":\"n" + o + "\",\"org_name\":\"Imported\"}\n"), 200,
                        List.of("org.update org:" + o, "import.run import")),
                new Write(new Call("DELETE", "/admin/roles/" + r, null, null), 204, List.of("role.delete role:" + r)),
                new Write(new Call("DELETE", "/admin/orgs/" + o, null, null), 204, List.of("org.delete org:" + o)));
    }

    /** Everything a write could change, as the static credential reads it, and the size of the audit trail. */
    private String state(Fixture f) {
        StringBuilder state = new StringBuilder();
        for (Call read : reads(f)) {
            state.append(read.send(admin()).asString());
        }
        for (String path : List.of("/admin/orgs/" + f.newOrg(), "/admin/roles/" + f.newRole(), "/admin/profiles/" + f.user() + "/orgs")) {
            state.append(admin().get(path).asString());
        }
        return state.append(count("SELECT count(*) FROM audit_trail")).toString();
    }

    @Test
    void operatorReadsEveryPathAndEveryWriteIsAuditedWithTheOperatorAsActor() {
        Fixture f = fixture();
        long operator = newUserId();
        String token = operatorToken(operator);
        for (Call read : reads(f)) {
            assertEquals(200, read.send(bearer(token)).statusCode(), read.toString());
        }
        List<String> expected = new ArrayList<>();
        for (Write write : writes(f)) {
            Response answer = write.call().send(bearer(token));
            assertEquals(write.status(), answer.statusCode(), write.call() + ": " + answer.asString());
            expected.addAll(write.recorded());
        }
        List<Map<String, Object>> entries = admin().get("/admin/audit?page_size=500&actor=operator:" + operator).then().statusCode(200)
                .extract().path("items");
        List<String> recorded = new ArrayList<>();
        for (Map<String, Object> entry : oldestFirst(entries)) {
            recorded.add(entry.get("action") + " " + entry.get("target"));
        }
        assertEquals(expected, recorded, "one entry per change, oldest last in the answer");

        Map<String, Object> renamed = entry(entries, "org.update", 0);
        assertEquals("New", field(renamed, "before", "org_name"));
        assertEquals("Renamed", field(renamed, "after", "org_name"));
        assertEquals(null, entry(entries, "org.create", 0).get("before"));
        assertEquals(null, entry(entries, "org.delete", 0).get("after"));
        assertEquals("Imported", field(entry(entries, "org.delete", 0), "before", "org_name"));
        assertEquals(false, field(entry(entries, "app.update", 0), "before", "directory_access"));
        assertEquals(true, field(entry(entries, "app.update", 0), "after", "directory_access"));
        assertEquals(null, field(entry(entries, "profile.update", 0), "before", "nickname"));
        assertEquals("Op", field(entry(entries, "profile.update", 0), "after", "nickname"));
        assertEquals(List.of(f.newRole()), longs(field(entry(entries, "membership.create", 0), "after", "role_ids")));
        assertEquals(3, field(entry(entries, "group.add-member", 0), "after", "group_id"));
        assertEquals(null, entry(entries, "group.add-member", 0).get("before"));
        assertEquals(1, field(entry(entries, "import.run", 0), "after", "lines"));
        admin().get("/admin/profiles/" + f.user()).then().statusCode(200).body("nickname", equalTo("Op"));
    }

    @Test
    void auditorReadsEveryPathAndEveryWriteIs403WithNothingChanged() {
        Fixture f = fixture();
        String token = auditorToken(newUserId());
        for (Call read : reads(f)) {
            assertEquals(200, read.send(bearer(token)).statusCode(), read.toString());
        }
        String before = state(f);
        for (Write write : writes(f)) {
            insufficientScope(write.call().send(bearer(token)).then(), AdminScopes.WRITE);
        }
        assertEquals(before, state(f), "a refused write changed something");
    }

    @Test
    void plainUserAppAndTokensWithoutTheAdminScopeAre403OnEveryAdminPath() {
        Fixture f = fixture();
        long someone = newUserId();
        Map<String, String> refused = Map.of(
                "plain user token", tokens().forUser(String.valueOf(someone), "demo-app", "openid", "profile", "email", "org_read"),
                "app client token with the admin scopes", tokens().forClient("demo-app", AdminScopes.READ, AdminScopes.WRITE),
                "the console's client token", tokens().forClient(WellKnownClients.PLATFORM_CONSOLE, AdminScopes.READ, AdminScopes.WRITE),
                "personal access token without admin scopes", personalToken(someone, "profile", "openid", "admin"),
                "write scope alone, for reads", tokens().forUser(String.valueOf(someone), WellKnownClients.PLATFORM_CONSOLE, AdminScopes.WRITE));
        String before = state(f);
        refused.forEach((name, token) -> {
            if (!name.startsWith("write scope alone")) {
                for (Write write : writes(f)) {
                    insufficientScope(write.call().send(bearer(token)).then(), AdminScopes.WRITE);
                }
            }
            for (Call read : reads(f)) {
                insufficientScope(read.send(bearer(token)).then(), AdminScopes.READ);
            }
        });
        assertEquals(before, state(f), "a refused call changed something");
    }

    @Test
    void personalAccessTokenWithTheAdminScopesIsTheOperator() {
        Fixture f = fixture();
        long operator = newUserId();
        String pat = personalToken(operator, AdminScopes.READ, AdminScopes.WRITE);
        bearer(pat).get("/admin/profiles/" + f.user()).then().statusCode(200);
        bearer(pat).contentType("application/json").body("{\"avatar\":\"https://img.example/op.png\"}").patch("/admin/profiles/" + f.user())
                .then().statusCode(200).body("avatar", equalTo("https://img.example/op.png"));
        admin().get("/admin/audit?actor=operator:" + operator).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].action", equalTo("profile.update")).body("items[0].target", equalTo("user:" + f.user()));
        insufficientScope(bearer(personalToken(operator, AdminScopes.READ)).contentType("application/json").body("{\"gender\":1}")
                .patch("/admin/profiles/" + f.user()).then(), AdminScopes.WRITE);
    }

    @Test
    void refusedOrMissingCredentialsAre401AndTheStaticCredentialStillWorks() {
        Fixture f = fixture();
        long operator = newUserId();
        String[] refused = {
                null, "Bearer not.a.token", "Bearer", "test-admin-token", "Basic dGVzdDp0ZXN0",
                "Bearer " + tokens().token().subject(String.valueOf(operator)).clientId(WellKnownClients.PLATFORM_CONSOLE)
                        .scope(AdminScopes.READ + " " + AdminScopes.WRITE).issuedAt(Instant.now().minusSeconds(7200)).sign(),
                "Bearer " + tokens().token().subject(String.valueOf(operator)).clientId(WellKnownClients.PLATFORM_CONSOLE)
                        .scope(AdminScopes.READ + " " + AdminScopes.WRITE).audience(TestTokens.ACCOUNT_QUOTA_SERVICE).sign(),
                "Bearer " + tokens().idToken(String.valueOf(operator), WellKnownClients.PLATFORM_CONSOLE),
                "Bearer pat_" + "0".repeat(32),
        };
        String before = state(f);
        for (String authorization : refused) {
            RequestSpecification spec = authorization == null ? given() : given().header("Authorization", authorization);
            problem(spec.get("/admin/profiles/" + f.user()).then(), 401, "unauthorized")
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"admin\""));
            spec = authorization == null ? given() : given().header("Authorization", authorization);
            problem(spec.contentType("application/json").body("{\"nickname\":\"Pwned\"}").patch("/admin/profiles/" + f.user()).then(),
                    401, "unauthorized");
        }
        assertEquals(before, state(f));
        adminJson("{\"gender\":1}").patch("/admin/profiles/" + f.user()).then().statusCode(200);
        admin().get("/admin/audit?target=user:" + f.user() + "&page_size=1").then().statusCode(200)
                .body("items[0].actor", equalTo("admin-token")).body("items[0].action", equalTo("profile.update"));
    }

    @Test
    void anOperatorsRevokedTokenIsRefusedWithinASecond() throws InterruptedException {
        Fixture f = fixture();
        long operator = newUserId();
        String token = operatorToken(operator);
        bearer(token).get("/admin/orgs/" + f.org()).then().statusCode(200);
        // auth-service revokes every token of a user whose platform role is taken away (issue #18).
        JwksTestResource.server().revoke("user", null, null, String.valueOf(operator), null, Instant.now().plusSeconds(1));
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = bearer(token).get("/admin/orgs/" + f.org()).statusCode();
        }
        assertEquals(401, status);
        problem(bearer(token).contentType("application/json").body("{\"org_code\":\"x\",\"org_name\":\"x\"}").put("/admin/orgs/" + f.org())
                .then(), 401, "unauthorized");
    }

    private static Map<String, Object> entry(List<Map<String, Object>> newestFirst, String action, int nthOldest) {
        List<Map<String, Object>> matching = oldestFirst(newestFirst).stream().filter(e -> action.equals(e.get("action"))).toList();
        assertTrue(matching.size() > nthOldest, action + " recorded " + matching.size() + " times");
        return matching.get(nthOldest);
    }

    private static List<Map<String, Object>> oldestFirst(List<Map<String, Object>> newestFirst) {
        List<Map<String, Object>> entries = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(entries);
        return entries;
    }

    private static List<Long> longs(Object numbers) {
        return ((List<?>) numbers).stream().map(n -> ((Number) n).longValue()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object field(Map<String, Object> entry, String side, String name) {
        Map<String, Object> state = (Map<String, Object>) entry.get(side);
        assertTrue(state != null, side + " of " + entry);
        return state.get(name);
    }
}
