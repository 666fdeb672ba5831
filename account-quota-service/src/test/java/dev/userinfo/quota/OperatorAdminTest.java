package dev.userinfo.quota;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Operators on the admin API (issue #18): an operator's own token (the console's, or a personal access token) with
 * admin:read / admin:write, the static credential, and what neither an auditor, a plain user nor an app may do. Real
 * RS256 tokens over HTTPS; the ledger and the audit trail read back from PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class OperatorAdminTest extends QuotaTestSupport {

    static final String STATIC_CREDENTIAL = "test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The operator console's token for this person: sub = the user, client platform-console, the admin scopes. */
    static String consoleToken(long userId, String... scopes) {
        return tokens().forUser(Long.toString(userId), "platform-console", scopes);
    }

    private Response as(String token, String method, String path, String body) {
        var request = https().header("Authorization", "Bearer " + token);
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        return "GET".equals(method) ? request.get(path) : request.post(path);
    }

    private long auditCount(long account) {
        return sql("SELECT count(*) FROM audit_trail WHERE target = $1", "account:" + account).iterator().next().getLong(0);
    }

    private Row lastAudit(long account) {
        return sql("SELECT actor, action, before::text AS before, after::text AS after FROM audit_trail WHERE target = $1"
                + " ORDER BY id DESC LIMIT 1", "account:" + account).iterator().next();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void anOperatorReadsAdjustsAndSwitchesWithTheLedgerNamingThePersonAndTheTrailTheOperator() throws Exception {
        long operator = newAccount(0);
        long target = newAccount(1_000);
        String read = consoleToken(operator, "admin:read");
        String write = consoleToken(operator, "admin:read", "admin:write");
        as(read, "GET", "/api/admin/accounts?keyword=user" + target, null).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(target));
        as(read, "GET", "/api/admin/accounts/" + target, null).then().statusCode(200)
                .body("username", equalTo("user" + target)).body("quota", equalTo(1_000));
        as(read, "GET", "/api/admin/accounts/" + newUserId(), null).then().statusCode(404)
                .contentType("application/problem+json").body("error", equalTo("user_not_found"));

        as(write, "POST", "/api/admin/accounts/" + target + "/quota", "{\"delta\": 500, \"reason\": \"goodwill\"}")
                .then().statusCode(200).body("quota", equalTo(1_500)).body("actor", equalTo("user:" + operator));
        Row audit = lastAudit(target);
        assertEquals("operator:" + operator, audit.getString("actor"));
        assertEquals("quota.adjust", audit.getString("action"));
        assertEquals(json("{\"balance\":1000,\"enabled\":true,\"admin_disabled\":false}"), json(audit.getString("before")));
        assertEquals(json("{\"balance\":1500,\"enabled\":true,\"admin_disabled\":false}"), json(audit.getString("after")));

        // The ledger of the account, in the admin convention and on the quota API (seed 003's envelope).
        as(read, "GET", "/api/admin/accounts/" + target + "/ledger?page_size=5", null).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].kind", equalTo("admin_adjust"))
                .body("items[0].actor", equalTo("user:" + operator)).body("items[0].reason", equalTo("goodwill"));
        as(read, "GET", "/api/quota/ledger?user_id=" + target, null).then().statusCode(200)
                .body("success", equalTo(true)).body("data.items[0].actor", equalTo("user:" + operator));

        as(write, "POST", "/api/admin/accounts/" + target + "/disable", null).then().statusCode(200).body("status", equalTo(2));
        audit = lastAudit(target);
        assertEquals("account.disable", audit.getString("action"));
        assertEquals(true, json(audit.getString("before")).get("enabled").asBoolean());
        assertEquals(false, json(audit.getString("after")).get("enabled").asBoolean());
        assertEquals(1_500, json(audit.getString("after")).get("balance").asLong());
        as(write, "POST", "/api/admin/accounts/" + target + "/enable", null).then().statusCode(200).body("status", equalTo(1));
        assertEquals("account.enable", lastAudit(target).getString("action"));
        assertEquals(3, auditCount(target));

        // The operator's personal access token acts the same; an operator cannot disable their own account either.
        String pat = personalToken(operator, "admin:read", "admin:write");
        as(pat, "POST", "/api/admin/accounts/" + target + "/quota", "{\"delta\": -200, \"reason\": \"correction\"}")
                .then().statusCode(200).body("quota", equalTo(1_300)).body("actor", equalTo("user:" + operator));
        assertEquals("operator:" + operator, lastAudit(target).getString("actor"));
        as(pat, "POST", "/api/admin/accounts/" + operator + "/disable", null).then().statusCode(400);
        assertEquals(1, account(operator).getInteger("status"));
        assertEquals(0, auditCount(operator));
    }

    @Test
    void theStaticCredentialActsAsAdminTokenAndAWrongOneIsA401() {
        long target = newAccount(1_000);
        as(STATIC_CREDENTIAL, "POST", "/api/admin/accounts/" + target + "/quota", "{\"delta\": 7, \"reason\": \"bootstrap\"}")
                .then().statusCode(200).body("actor", equalTo("admin-token")).body("quota", equalTo(1_007));
        assertEquals("admin-token", lastAudit(target).getString("actor"));
        as(STATIC_CREDENTIAL, "GET", "/api/admin/accounts/" + target + "/ledger", null).then().statusCode(200)
                .body("items[0].actor", equalTo("admin-token"));
        as(STATIC_CREDENTIAL + "x", "POST", "/api/admin/accounts/" + target + "/quota", "{\"delta\": 7, \"reason\": \"x\"}")
                .then().statusCode(401).contentType("application/problem+json").body("error", equalTo("invalid_token"));
        // The static credential is no token of the quota API itself.
        as(STATIC_CREDENTIAL, "GET", "/api/quota/ledger?user_id=" + target, null).then().statusCode(401);
        assertEquals(1_007, account(target).getLong("quota"));
        assertEquals(1, auditCount(target));
    }

    /** Every admin request, reads and writes, on {@code target}. */
    private static List<String[]> adminRequests(long target) {
        return List.of(
                new String[] {"GET", "/api/admin/accounts", null},
                new String[] {"GET", "/api/admin/accounts/" + target, null},
                new String[] {"GET", "/api/admin/accounts/" + target + "/ledger", null},
                new String[] {"GET", "/api/admin/audit?target=account:" + target, null},
                new String[] {"POST", "/api/admin/accounts/" + target + "/quota", "{\"delta\": -100, \"reason\": \"try\"}"},
                new String[] {"POST", "/api/admin/accounts/" + target + "/disable", null},
                new String[] {"POST", "/api/admin/accounts/" + target + "/enable", null});
    }

    @Test
    void anAuditorReadsEverythingAndEveryWriteIsRefusedWithNothingChanged() {
        long auditor = newAccount(0);
        long target = newAccount(1_000);
        for (String token : List.of(consoleToken(auditor, "admin:read"), personalToken(auditor, "admin:read"))) {
            for (String[] r : adminRequests(target)) {
                Response answer = as(token, r[0], r[1], r[2]);
                if ("GET".equals(r[0])) {
                    assertEquals(200, answer.statusCode(), r[1] + ": " + answer.asString());
                } else {
                    assertEquals(403, answer.statusCode(), r[1] + ": " + answer.asString());
                    answer.then().contentType("application/problem+json").body("error", equalTo("insufficient_scope"));
                }
            }
            as(token, "GET", "/api/quota/ledger?user_id=" + target, null).then().statusCode(200);
        }
        Row a = account(target);
        assertEquals(1_000, a.getLong("quota"));
        assertEquals(1, a.getInteger("status"));
        assertEquals(0, ledgerCount(target));
        assertEquals(0, auditCount(target));
    }

    @Test
    void plainUsersAndAppsAreRefusedOnEveryAdminPath() {
        long plain = newAccount(0);
        long target = newAccount(1_000);
        List<String> insufficient = List.of(
                userToken(plain, "quota_read", "quota_write", "profile"),
                // The console's token of a user without a platform role: no admin scope in it.
                consoleToken(plain),
                tokens().forClient("demo-app", "admin:read", "admin:write", "quota_read", "quota_write"),
                tokens().forClient(WELL_KNOWN_CONSOLE, "admin:read", "admin:write"),
                serviceToken());
        for (String token : insufficient) {
            for (String[] r : adminRequests(target)) {
                Response answer = as(token, r[0], r[1], r[2]);
                assertEquals(403, answer.statusCode(), r[1] + ": " + answer.asString());
                answer.then().contentType("application/problem+json").body("error", equalTo("insufficient_scope"));
            }
        }
        // A plain user's own personal token with the quota scopes: not an enabled admin.
        String pat = personalToken(plain, "quota_read", "quota_write");
        for (String[] r : adminRequests(target)) {
            as(pat, r[0], r[1], r[2]).then().statusCode(403).body("error", equalTo("forbidden"));
        }
        for (String token : List.of(userToken(plain, "quota_read"), tokens().forClient("demo-app", "admin:read"))) {
            as(token, "GET", "/api/quota/ledger?user_id=" + target, null).then().statusCode(403)
                    .body("error", equalTo("insufficient_scope"));
        }
        for (String[] r : adminRequests(target)) {
            as("not-a-token", r[0], r[1], r[2]).then().statusCode(401).body("error", equalTo("invalid_token"));
        }
        Row a = account(target);
        assertEquals(1_000, a.getLong("quota"));
        assertEquals(1, a.getInteger("status"));
        assertEquals(0, ledgerCount(target));
        assertEquals(0, auditCount(target));
    }

    private static final String WELL_KNOWN_CONSOLE = dev.userinfo.contracts.clients.WellKnownClients.PLATFORM_CONSOLE;

    @Test
    void aRefusedWriteLeavesNoAuditRow() {
        long operator = newUserId();
        long target = newAccount(100);
        String write = consoleToken(operator, "admin:write");
        as(write, "POST", "/api/admin/accounts/" + target + "/quota", "{\"delta\": -101, \"reason\": \"too far\"}")
                .then().statusCode(409).body("error", equalTo("insufficient_quota"));
        long missing = newUserId();
        as(write, "POST", "/api/admin/accounts/" + missing + "/quota", "{\"delta\": 1, \"reason\": \"x\"}").then().statusCode(404);
        as(write, "POST", "/api/admin/accounts/" + missing + "/disable", null).then().statusCode(404);
        assertEquals(0, auditCount(target));
        assertEquals(0, auditCount(missing));
        assertEquals(100, account(target).getLong("quota"));
    }

    @Test
    void concurrentOperatorAdjustmentsKeepTheBalanceExact() throws Exception {
        long target = newAccount(1_000);
        List<String> tokens = List.of(consoleToken(newUserId(), "admin:write"), consoleToken(newUserId(), "admin:write"),
                personalToken(newUserId(), "admin:write"));
        List<Long> deltas = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            deltas.add(i % 3 == 0 ? 50L : -70L);   // more debits than the balance covers: some must be refused
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            HttpClient client = HttpClient.newBuilder().sslContext(localTls()).version(HttpClient.Version.HTTP_1_1)
                    .executor(executor).build();
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < deltas.size(); i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + url.getPort()
                                + "/api/admin/accounts/" + target + "/quota"))
                        .header("Authorization", "Bearer " + tokens.get(i % tokens.size()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"delta\": " + deltas.get(i) + ", \"reason\": \"load\"}"))
                        .build();
                sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            long accepted = 0;
            int acceptedCount = 0;
            for (int i = 0; i < sent.size(); i++) {
                HttpResponse<String> answer = sent.get(i).join();
                assertTrue(answer.statusCode() == 200 || answer.statusCode() == 409 && deltas.get(i) < 0,
                        answer.statusCode() + " " + answer.body());
                if (answer.statusCode() == 200) {
                    accepted += deltas.get(i);
                    acceptedCount++;
                }
            }
            assertTrue(acceptedCount < deltas.size(), "the balance could not cover every debit");
            long balance = account(target).getLong("quota");
            assertEquals(1_000 + accepted, balance);
            assertTrue(balance >= 0);
            assertEquals(acceptedCount, ledgerCount(target));
            assertEquals(acceptedCount, auditCount(target));
            assertEquals(accepted, sql("SELECT coalesce(sum(quota_delta), 0) FROM ledger WHERE account_id = $1", target)
                    .iterator().next().getLong(0));
            // Each audit row's before and after differ by its ledger row's delta: the trail adds up to the balance.
            assertEquals(accepted, sql("SELECT coalesce(sum((after->>'balance')::bigint - (before->>'balance')::bigint), 0)"
                    + " FROM audit_trail WHERE target = $1", "account:" + target).iterator().next().getLong(0));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentShowsBothAdminCredentialsOnEveryAdminOperation() {
        io.restassured.path.json.JsonPath doc = https().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        java.util.Map<String, Object> schemes = doc.getMap("components.securitySchemes");
        assertTrue(schemes.containsKey("admin-token") && schemes.containsKey("operator"), schemes.toString());
        java.util.Map<String, java.util.Map<String, Object>> paths = doc.getMap("paths");
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/admin/")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                List<java.util.Map<String, Object>> security =
                        (List<java.util.Map<String, Object>>) ((java.util.Map<String, Object>) operation.getValue()).get("security");
                List<String> names = security.stream().flatMap(s -> s.keySet().stream()).toList();
                assertTrue(names.containsAll(List.of("admin-token", "operator", "bearer")), path.getKey() + " " + names);
                operations++;
            }
        }
        assertEquals(7, operations);
    }
}
