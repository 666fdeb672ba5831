package dev.userinfo.auth.operatoridentity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.Operators;
import dev.userinfo.auth.token.AccessTokenIssuer;
import dev.userinfo.auth.token.AuthorizationCodes;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.auth.token.ResourceIndicators;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * auth-service's admin guard (issue #18): beside the static credential, an operator's own token with the admin scope
 * the method needs, the platform role re-checked at every use; a valid token without it is 403 insufficient_scope,
 * anything else 401, and a refused request changes nothing.
 */
@QuarkusTest
class AdminGuardTest {

    static final String DEMO = Grants.basic("demo-app", "demo-secret");

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    @Inject
    AccessTokenIssuer issuer;

    @Inject
    ResourceIndicators resources;

    private RequestSpecification as(String authorization) {
        RequestSpecification spec = TestHttps.given(url);
        return authorization == null ? spec : spec.header("Authorization", authorization);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** What a wrongly accepted write would change: users, apps, keys, the audit trail. */
    private static long state() {
        return Fixtures.count("SELECT CAST((SELECT count(*) FROM app_user) + (SELECT sum(version) FROM app_user) * 1000"
                + " + (SELECT count(*) FROM app) * 1000000000 + (SELECT count(*) FROM signing_key) * 1000000000000"
                + " + (SELECT count(*) FROM audit_trail) * 7 AS bigint)");
    }

    @Test
    void anAuditorReadsEveryAdminListAndEveryWriteIsRefusedWith403ChangingNothing() {
        TestUser auditor = Operators.withRole("audrey", "auditor");
        TestUser victim = Fixtures.user("victim");
        String token = bearer(Operators.consoleToken(auditor.id()));
        for (String read : List.of("/admin/users", "/admin/users/" + victim.id(), "/admin/apps", "/admin/apps/demo-app",
                "/admin/keys", "/admin/deliveries", "/admin/prompts", "/admin/audit")) {
            Response answer = as(token).get(read);
            assertEquals(200, answer.statusCode(), read + ": " + answer.asString());
        }
        long before = state();
        for (Map.Entry<String, String> write : writes(victim.id()).entrySet()) {
            Response answer = send(token, write.getKey(), write.getValue());
            assertInsufficient(answer, write.getKey(), "admin:write");
        }
        assertEquals(before, state(), "a refused write changed something");
        assertEquals(0, Fixtures.count("SELECT count(*) FROM audit_trail WHERE actor = :p1", "operator:" + auditor.id()));
    }

    @Test
    void anOperatorsConsoleTokenReadsAndWritesAndTheTrailNamesThem() {
        TestUser operator = Operators.withRole("olivia", "operator");
        String token = bearer(Operators.consoleToken(operator.id()));
        as(token).get("/admin/users").then().statusCode(200);
        String login = Fixtures.unique("made-by-op");
        int id = as(token).contentType(ContentType.JSON).body(Map.of("login", login, "password", "long enough password"))
                .post("/admin/users").then().statusCode(201).extract().path("id");
        assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_trail WHERE actor = :p1 AND action = 'user.create' "
                + "AND target = :p2", "operator:" + operator.id(), "user:" + id));
    }

    @Test
    void everyAdminOperationRefusesAPlainUsersAndAnAppsTokensWith403() {
        TestUser plain = Fixtures.user("plain");
        assertNull(Operators.consoleToken(plain.id()), "a user without a platform role gets no console token");
        AuthorizationCodes.Issued code = grants.code(plain.id(), List.of("openid", "profile"), null, null);
        Response tokens = form("/oauth2/token", DEMO, "grant_type", "authorization_code", "code", code.code(),
                "redirect_uri", Grants.REDIRECT);
        assertEquals(200, tokens.statusCode(), tokens.asString());
        Response clientToken = form("/oauth2/token", DEMO, "grant_type", "client_credentials", "scope", "profile");
        assertEquals(200, clientToken.statusCode(), clientToken.asString());
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("a plain user's access token via an app", bearer(tokens.path("access_token")));
        credentials.put("a plain user's personal access token", bearer(Operators.personalToken(plain.id(), List.of("profile"))));
        credentials.put("an app's client_credentials token", bearer(clientToken.path("access_token")));

        List<String[]> operations = adminOperations();
        assertTrue(operations.size() >= 20, "only " + operations.size() + " admin operations in the OpenAPI document");
        long before = state();
        List<String> wrong = new ArrayList<>();
        for (String[] operation : operations) {
            for (Map.Entry<String, String> credential : credentials.entrySet()) {
                Response answer = send(credential.getValue(), operation[0] + " " + operation[1], "{}");
                if (answer.statusCode() != 403 || !"insufficient_scope".equals(answer.path("error"))) {
                    wrong.add(operation[0] + " " + operation[1] + " ← " + credential.getKey() + ": " + answer.statusCode()
                            + " " + answer.asString());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, state(), "a refused request changed something");
    }

    @Test
    void tokensNotMeantForTheAdminApiAre403AndNoGenuineTokenAtAll401() {
        TestUser operator = Operators.withRole("omar", "operator");
        Operators.nextSecond();
        String sub = Long.toString(operator.id());
        Set<String> admin = Set.of("admin:read", "admin:write");
        List<String> everywhere = new ArrayList<>(resources.all());
        everywhere.add(TestHttps.given(url).get("/.well-known/openid-configuration").path("issuer"));
        // An operator's token with the admin scopes but only for the resource servers (RFC 9068 §4: not for us).
        String resourceOnly = issuer.issue(sub, "platform-console", admin, Map.of(), resources.all(), Duration.ofMinutes(5)).value();
        assertInsufficient(as(bearer(resourceOnly)).get("/admin/users"), "aud without the issuer", "admin:read");
        // A client_credentials token naming us and the scopes: an app is never an operator.
        String appToken = issuer.issue("demo-app", "demo-app", admin, Map.of("gty", "client-credentials"), everywhere,
                Duration.ofMinutes(5)).value();
        assertInsufficient(as(bearer(appToken)).get("/admin/users"), "an app's token", "admin:read");
        // The same operator token with aud naming us is accepted: the two refusals above are the rules', not chance.
        String console = issuer.issue(sub, "platform-console", admin, Map.of(), everywhere, Duration.ofMinutes(5)).value();
        as(bearer(console)).get("/admin/users").then().statusCode(200);

        AuthorizationCodes.Issued code = grants.code(operator.id(), List.of("openid", "profile"), null, null);
        String idToken = form("/oauth2/token", DEMO, "grant_type", "authorization_code", "code", code.code(),
                "redirect_uri", Grants.REDIRECT).path("id_token");
        for (String credential : List.of(bearer(idToken), "Bearer not-a-token", "Bearer pat_" + "a".repeat(43),
                "Basic " + console, bearer(console + "x"))) {
            Response answer = as(credential).get("/admin/users");
            assertEquals(401, answer.statusCode(), credential + ": " + answer.asString());
            assertEquals("unauthorized", answer.path("error"));
        }
    }

    @Test
    void thePlatformRoleIsCheckedAtEveryUseEvenBeforeARevocation() {
        TestUser operator = Operators.withRole("otto", "operator");
        String token = bearer(Operators.consoleToken(operator.id()));
        String pat = bearer(Operators.personalToken(operator.id(), List.of("admin:read", "admin:write")));
        // Demoted behind the directory's back (no revocation row): the guard reads the role itself.
        Fixtures.execute("UPDATE app_user SET platform_role = 'auditor' WHERE id = :p1", operator.id());
        for (String credential : List.of(token, pat)) {
            as(credential).get("/admin/users").then().statusCode(200);
            assertInsufficient(send(credential, "POST /admin/keys/rotate", null), "demoted to auditor", "admin:write");
        }
        Fixtures.execute("UPDATE app_user SET platform_role = NULL WHERE id = :p1", operator.id());
        for (String credential : List.of(token, pat)) {
            assertInsufficient(as(credential).get("/admin/users"), "no role", "admin:read");
        }
        Fixtures.execute("UPDATE app_user SET platform_role = 'operator', status = 'disabled' WHERE id = :p1", operator.id());
        for (String credential : List.of(token, pat)) {
            as(credential).get("/admin/users").then().statusCode(401);
        }
    }

    @Test
    void personalTokensCarryAdminScopesOnlyForTheRolesThatAllowThem() {
        TestUser operator = Operators.withRole("opal", "operator");
        TestUser auditor = Operators.withRole("ada", "auditor");
        TestUser plain = Fixtures.user("pia");
        String operatorPat = bearer(Operators.personalToken(operator.id(), List.of("admin:read", "admin:write")));
        String login = Fixtures.unique("by-pat");
        int id = as(operatorPat).contentType(ContentType.JSON).body(Map.of("login", login, "password", "long enough password"))
                .post("/admin/users").then().statusCode(201).extract().path("id");
        assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_trail WHERE actor = :p1 AND target = :p2",
                "operator:" + operator.id(), "user:" + id));

        String auditorPat = bearer(Operators.personalToken(auditor.id(), List.of("admin:read")));
        as(auditorPat).get("/admin/audit").then().statusCode(200);
        assertInsufficient(send(auditorPat, "DELETE /admin/users/" + id, null), "auditor's token", "admin:write");

        for (Object[] refused : List.of(new Object[] {auditor, List.of("admin:write")}, new Object[] {plain, List.of("admin:read")},
                new Object[] {plain, List.of("profile", "admin:write")})) {
            long user = ((TestUser) refused[0]).id();
            @SuppressWarnings("unchecked")
            List<String> scopes = (List<String>) refused[1];
            long rows = Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1", user);
            try {
                Operators.personalToken(user, scopes);
                throw new AssertionError("a personal token with " + scopes + " was made for user " + user);
            } catch (IllegalStateException expected) {
                assertTrue(expected.getCause() instanceof dev.userinfo.auth.pat.PersonalAccessTokens.Invalid, expected.toString());
            }
            assertEquals(rows, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1", user));
        }
    }

    private static void assertInsufficient(Response answer, String what, String scope) {
        assertEquals(403, answer.statusCode(), what + ": " + answer.asString());
        assertEquals("insufficient_scope", answer.path("error"), what);
        assertEquals("application/problem+json", answer.contentType().split(";")[0], what);
        assertTrue(answer.header("WWW-Authenticate").contains("scope=\"" + scope + "\""), what);
    }

    /** Every admin write, as "METHOD path" → body, aimed at {@code victim} where it names a user. */
    private static Map<String, String> writes(long victim) {
        Map<String, String> writes = new LinkedHashMap<>();
        writes.put("POST /admin/users", "{\"login\":\"" + Fixtures.unique("nope") + "\",\"password\":\"long enough password\"}");
        writes.put("PATCH /admin/users/" + victim, "{\"display_name\":\"changed\"}");
        writes.put("PATCH /admin/users/" + victim + " password", "{\"password\":\"another long password\"}");
        writes.put("POST /admin/users/" + victim + "/disable", null);
        writes.put("POST /admin/users/" + victim + "/enable", null);
        writes.put("PUT /admin/users/" + victim + "/platform-role", "{\"platform_role\":\"operator\"}");
        writes.put("DELETE /admin/users/" + victim, null);
        writes.put("POST /admin/users/import", "{\"login\":\"" + Fixtures.unique("imp") + "\",\"password\":\"long enough password\"}");
        writes.put("POST /admin/apps", "{\"name\":\"Nope\",\"redirect_uris\":[\"https://a.example/cb\"],\"scopes\":[\"profile\"]}");
        writes.put("PATCH /admin/apps/demo-app", "{\"name\":\"Renamed\"}");
        writes.put("POST /admin/apps/demo-app/secret", null);
        writes.put("DELETE /admin/apps/demo-app", null);
        writes.put("POST /admin/keys/rotate", null);
        writes.put("POST /admin/keys/rotate-now", null);
        return writes;
    }

    /** "METHOD path[ note]" with a JSON (or, for the import, JSON Lines) body. */
    private Response send(String authorization, String operation, String body) {
        String[] parts = operation.split(" ");
        RequestSpecification spec = as(authorization);
        if (body != null && !"GET".equals(parts[0]) && !"DELETE".equals(parts[0])) {
            spec.contentType(parts[1].endsWith("/import") ? "application/x-ndjson" : "application/json")
                    .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return spec.request(parts[0], parts[1]);
    }

    /** Every admin operation of the OpenAPI document as {method, path}, path parameters filled with an existing user. */
    private List<String[]> adminOperations() {
        JsonObject paths = new JsonObject(TestHttps.given(url).get("/q/openapi?format=json").asString()).getJsonObject("paths");
        List<String[]> operations = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            if (!path.startsWith("/admin")) {
                continue;
            }
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    operations.add(new String[] {method.toUpperCase(), path.replaceAll("\\{[^}]+}", "10001")});
                }
            }
        }
        return operations;
    }

    private Response form(String path, String authorization, String... nameValues) {
        RequestSpecification spec = TestHttps.given(url).contentType(ContentType.URLENC);
        for (int i = 0; i < nameValues.length; i += 2) {
            spec.formParam(nameValues[i], nameValues[i + 1]);
        }
        return spec.header("Authorization", authorization).post(path);
    }
}
