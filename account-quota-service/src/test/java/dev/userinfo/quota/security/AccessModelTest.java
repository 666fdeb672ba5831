package dev.userinfo.quota.security;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.quota.QuotaTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's {@code ## Authorization} table, walked (issue #13: "Authorization is a table before it is code"). Each
 * row's endpoint is sent every credential kind the row does not allow — and must refuse it with the right status, in
 * the endpoint's own envelope and error code, revealing nothing about the user and changing nothing (balances,
 * counters, affiliate quota, status, ledger rows of every account here) — and at least one credential it allows,
 * which must succeed, so the matrix fails if everything is refused. Real RS256 tokens verified over HTTPS against the
 * test JWKS; personal access tokens resolved through the stand-in's introspection as auth-service would answer.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AccessModelTest extends QuotaTestSupport {

    private static final String OTHER_APP = "other-app";
    private static final String UNLISTED = "unlisted-service";
    private static final String PAT_CLIENT = "personal-access-token";

    /** The accounts every case runs against; made once, on the first case (the service must be up). */
    private record Fixture(long alice, long bob, long admin, long disabledAdmin, long carol, long erin, long operator,
                           long auditor) {
        List<Long> all() {
            return List.of(alice, bob, admin, disabledAdmin, carol, erin, operator, auditor);
        }
    }

    private static Fixture fixture;

    private Fixture fixture() {
        if (fixture == null) {
            long alice = newAccount(100_000_000);
            sql("UPDATE account SET aff_quota = 100000000, used_quota = 100000000 WHERE id = $1", alice);
            long bob = newAccount(100_000_000);
            long admin = newAccount(0);
            sql("UPDATE account SET role = 10 WHERE id = $1", admin);
            long disabledAdmin = newAccount(0);
            sql("UPDATE account SET role = 10, status = 2, admin_disabled = true WHERE id = $1", disabledAdmin);
            fixture = new Fixture(alice, bob, admin, disabledAdmin, newAccount(0), newAccount(0), newAccount(0),
                    newAccount(0));
        }
        return fixture;
    }

    // ---- credentials ---------------------------------------------------------------------------------------------

    /** A credential kind: the Authorization header it sends (null: none) and an optional X-Api-User. */
    record Cred(String name, Function<Fixture, String> authorization, Function<Fixture, Long> apiUser) {
        Cred(String name, Function<Fixture, String> authorization) {
            this(name, authorization, f -> null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Function<Fixture, String> bearer(Function<Fixture, String> token) {
        return f -> "Bearer " + token.apply(f);
    }

    private static String appToken(long user, String app, String... scopes) {
        return tokens().forUser(Long.toString(user), app, scopes);
    }

    // Refused by jwt-verification before any endpoint looks at it.
    static final Cred NONE = new Cred("no credential", f -> null);
    static final Cred GARBAGE = new Cred("a garbage bearer", f -> "Bearer not-a-token.at-all");
    static final Cred EXPIRED = new Cred("an expired user token with every scope", bearer(f -> tokens().token()
            .subject(Long.toString(f.alice())).scope("quota_read quota_write service:quota_write platform.user-events")
            .issuedAt(Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofMinutes(10)).sign()));
    static final Cred ID_TOKEN = new Cred("alice's ID token", bearer(f -> tokens().idToken(Long.toString(f.alice()), "demo-app")));
    static final Cred OTHER_AUDIENCE = new Cred("a user token for another audience, every scope", bearer(f -> tokens().token()
            .subject(Long.toString(f.alice())).scope("quota_read quota_write").audience("https://localhost:8444").sign()));

    // Alice's own delegations.
    static final Cred ALICE_APP_PROFILE = new Cred("alice's token via an app with profile only",
            bearer(f -> appToken(f.alice(), "demo-app", "profile")));
    static final Cred ALICE_APP_READ = new Cred("alice's token via an app with quota_read",
            bearer(f -> appToken(f.alice(), "demo-app", "quota_read")));
    static final Cred ALICE_APP_WRITE = new Cred("alice's token via an app with quota_write",
            bearer(f -> appToken(f.alice(), "demo-app", "quota_write")));
    static final Cred ALICE_OTHER_APP_WRITE = new Cred("alice's token via another app with quota_read quota_write",
            bearer(f -> appToken(f.alice(), OTHER_APP, "quota_read", "quota_write")));
    static final Cred ALICE_APP_SERVICE_SCOPE = new Cred("alice's token via an app carrying service:quota_write",
            bearer(f -> appToken(f.alice(), "demo-app", "service:quota_write")));
    static final Cred ALICE_APP_EVENTS = new Cred("alice's token via an app carrying platform.user-events",
            bearer(f -> appToken(f.alice(), "demo-app", "platform.user-events")));
    static final Cred ALICE_PAT_PROFILE = new Cred("alice's personal token with profile only",
            bearer(f -> personalToken(f.alice(), "profile")));
    static final Cred ALICE_PAT_READ = new Cred("alice's personal token with quota_read",
            bearer(f -> personalToken(f.alice(), "quota_read")));
    static final Cred ALICE_PAT_WRITE = new Cred("alice's personal token with quota_write",
            bearer(f -> personalToken(f.alice(), "quota_write")));
    static final Cred ALICE_PAT_ALL = new Cred("alice's (no admin) personal token with quota_read quota_write",
            bearer(f -> personalToken(f.alice(), "quota_read", "quota_write")));
    static final Cred ALICE_PAT_EVENTS = new Cred("alice's personal token carrying platform.user-events",
            bearer(f -> personalToken(f.alice(), "platform.user-events")));

    // Another user's credentials aimed at alice's data.
    static final Cred BOB_APP_AS_ALICE = new Cred("bob's token via an app with quota_read quota_write, X-Api-User alice",
            bearer(f -> appToken(f.bob(), "demo-app", "quota_read", "quota_write")), Fixture::alice);
    static final Cred BOB_APP_ALL = new Cred("bob's token via an app with quota_read quota_write",
            bearer(f -> appToken(f.bob(), "demo-app", "quota_read", "quota_write")));
    static final Cred BOB_PAT_ALL = new Cred("bob's personal token with quota_read quota_write",
            bearer(f -> personalToken(f.bob(), "quota_read", "quota_write")));
    static final Cred BOB_APP_SERVICE_SCOPE = new Cred("bob's token via an app carrying service:quota_write",
            bearer(f -> appToken(f.bob(), "demo-app", "service:quota_write")));

    // Apps acting for themselves, and services.
    static final Cred APP_CLIENT = new Cred("the app's own client token without scopes", bearer(f -> tokens().forClient("demo-app")));
    static final Cred APP_CLIENT_QUOTA = new Cred("the app's own client token with quota_read quota_write",
            bearer(f -> tokens().forClient("demo-app", "quota_read", "quota_write")));
    static final Cred UNLISTED_SERVICE = new Cred("an unlisted client's token with service:quota_write",
            bearer(f -> tokens().forClient(UNLISTED, "service:quota_write")));
    static final Cred LISTED_NO_SCOPE = new Cred("the listed service's client token without service:quota_write",
            bearer(f -> tokens().forClient(SERVICE, "quota_read", "quota_write")));
    static final Cred SERVICE_TOKEN = new Cred("the listed service's client token with service:quota_write",
            bearer(f -> serviceToken()));
    static final Cred DELIVERY = new Cred("auth-service's platform.user-events client token", bearer(f -> deliveryToken()));
    static final Cred AUTH_NO_SCOPE = new Cred("auth-service's client token without platform.user-events",
            bearer(f -> tokens().forClient("auth-service")));
    static final Cred APP_CLIENT_EVENTS = new Cred("another app's client token carrying platform.user-events",
            bearer(f -> tokens().forClient("demo-app", "platform.user-events")));

    // Operators.
    static final Cred ADMIN_PAT_READ = new Cred("the admin's personal token with quota_read",
            bearer(f -> personalToken(f.admin(), "quota_read")));
    static final Cred ADMIN_PAT_WRITE = new Cred("the admin's personal token with quota_write",
            bearer(f -> personalToken(f.admin(), "quota_write")));
    static final Cred ADMIN_PAT_ALL = new Cred("the admin's personal token with quota_read quota_write",
            bearer(f -> personalToken(f.admin(), "quota_read", "quota_write")));
    static final Cred ADMIN_PAT_PROFILE = new Cred("the admin's personal token with profile only",
            bearer(f -> personalToken(f.admin(), "profile")));
    static final Cred ADMIN_PAT_AS_ALICE = new Cred("the admin's personal token with quota_read quota_write, X-Api-User alice",
            bearer(f -> personalToken(f.admin(), "quota_read", "quota_write")), Fixture::alice);
    static final Cred ADMIN_APP_ALL = new Cred("the admin's token via an app with quota_read quota_write",
            bearer(f -> appToken(f.admin(), "demo-app", "quota_read", "quota_write")));
    static final Cred ADMIN_JWT_AS_PAT = new Cred("the admin's token via an app whose client_id is personal-access-token",
            bearer(f -> appToken(f.admin(), PAT_CLIENT, "quota_read", "quota_write")));
    // Operators (issue #18): the console's token or a personal token with the admin scopes, and the static credential.
    static final Cred OPERATOR_CONSOLE = new Cred("an operator's console token with admin:read admin:write",
            bearer(f -> appToken(f.operator(), "platform-console", "admin:read", "admin:write")));
    static final Cred OPERATOR_PAT = new Cred("an operator's personal token with admin:read admin:write",
            bearer(f -> personalToken(f.operator(), "admin:read", "admin:write")));
    static final Cred AUDITOR = new Cred("an auditor's console token with admin:read",
            bearer(f -> appToken(f.auditor(), "platform-console", "admin:read")));
    static final Cred APP_CLIENT_ADMIN = new Cred("an app's own client token carrying admin:read admin:write",
            bearer(f -> tokens().forClient("demo-app", "admin:read", "admin:write")));
    static final Cred STATIC_CREDENTIAL = new Cred("the static admin credential (quota.admin.token)",
            f -> "Bearer test-admin-token");
    static final Cred DISABLED_ADMIN_PAT = new Cred("a disabled admin's personal token with quota_read quota_write",
            bearer(f -> personalToken(f.disabledAdmin(), "quota_read", "quota_write")));

    /**
     * Refused as tokens, whatever the endpoint: jwt-verification's 401. A JWT naming client_id personal-access-token
     * would pass for the user's own (operator) credential; personal tokens are never JWTs (internal-contracts §1).
     */
    static final List<Cred> REFUSED_TOKENS = List.of(NONE, GARBAGE, EXPIRED, ID_TOKEN, OTHER_AUDIENCE, ADMIN_JWT_AS_PAT);

    // ---- rows ----------------------------------------------------------------------------------------------------

    /** How an endpoint answers a refusal. */
    /** Seed 003's envelope, the admin problem of every admin API (RFC 9457), or jwt-verification's RFC 6750 answers. */
    enum Envelope { SEED_003, ADMIN_PROBLEM, BEARER }

    /** A refused credential and the answer it must get. */
    record Refusal(Cred cred, int status, String error) {
    }

    /** A row of the table: the request, the credentials it allows and those it refuses. */
    record RowSpec(String endpoint, String method, Function<Fixture, String> path, Function<Fixture, String> body,
                   Envelope envelope, List<Cred> allowed, List<Refusal> refused) {
        @Override
        public String toString() {
            return endpoint;
        }
    }

    private static Refusal r(Cred cred, int status, String error) {
        return new Refusal(cred, status, error);
    }

    private static List<Refusal> invalidTokens(String error) {
        return REFUSED_TOKENS.stream().map(c -> r(c, 401, error)).toList();
    }

    @SafeVarargs
    private static List<Refusal> refusals(List<Refusal>... parts) {
        List<Refusal> all = new ArrayList<>();
        for (List<Refusal> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static List<Refusal> each(int status, String error, Cred... creds) {
        return Stream.of(creds).map(c -> r(c, status, error)).toList();
    }

    private static String writeBody(long userId, long amount) {
        return "{\"user_id\":" + userId + ",\"amount\":" + amount + ",\"idempotency_key\":\"" + UUID.randomUUID() + "\"}";
    }

    static List<RowSpec> rows() {
        List<RowSpec> rows = new ArrayList<>();
        // Seed 003 self view: the token's user, quota_read; a token without a user is 401 (not anyone's credential).
        for (String path : List.of("/api/user/self", "/api/user/self/groups")) {
            rows.add(new RowSpec("GET " + path, "GET", f -> path, null, Envelope.SEED_003,
                    List.of(ALICE_APP_READ, ALICE_PAT_READ, ALICE_OTHER_APP_WRITE),
                    refusals(invalidTokens("invalid_token"),
                            each(403, "insufficient_scope", ALICE_APP_PROFILE, ALICE_APP_WRITE, ALICE_PAT_PROFILE,
                                    ALICE_PAT_WRITE, ALICE_APP_SERVICE_SCOPE),
                            each(401, "invalid_token", BOB_APP_AS_ALICE, ADMIN_PAT_AS_ALICE, APP_CLIENT, APP_CLIENT_QUOTA,
                                    UNLISTED_SERVICE, LISTED_NO_SCOPE, SERVICE_TOKEN, DELIVERY))));
        }
        rows.add(new RowSpec("POST /api/user/aff_transfer", "POST", f -> "/api/user/aff_transfer", f -> "{\"quota\":500000}",
                Envelope.SEED_003, List.of(ALICE_APP_WRITE, ALICE_PAT_WRITE),
                refusals(invalidTokens("invalid_token"),
                        each(403, "insufficient_scope", ALICE_APP_PROFILE, ALICE_APP_READ, ALICE_PAT_PROFILE, ALICE_PAT_READ,
                                ALICE_APP_SERVICE_SCOPE),
                        each(401, "invalid_token", BOB_APP_AS_ALICE, ADMIN_PAT_AS_ALICE, APP_CLIENT, APP_CLIENT_QUOTA,
                                UNLISTED_SERVICE, LISTED_NO_SCOPE, SERVICE_TOKEN, DELIVERY))));
        // Quota writes on alice's account: consume by a listed service or alice's own quota_write; refund and top-up
        // by a listed service only.
        rows.add(new RowSpec("POST /api/quota/consume", "POST", f -> "/api/quota/consume", f -> writeBody(f.alice(), 1),
                Envelope.SEED_003, List.of(SERVICE_TOKEN, ALICE_APP_WRITE, ALICE_PAT_WRITE, ALICE_OTHER_APP_WRITE),
                refusals(invalidTokens("invalid_token"),
                        each(403, "insufficient_scope", ALICE_APP_PROFILE, ALICE_APP_READ, ALICE_PAT_PROFILE, ALICE_PAT_READ,
                                ALICE_APP_SERVICE_SCOPE, BOB_APP_ALL, BOB_PAT_ALL, BOB_APP_SERVICE_SCOPE, ADMIN_PAT_ALL,
                                ADMIN_APP_ALL, APP_CLIENT, APP_CLIENT_QUOTA, UNLISTED_SERVICE,
                                LISTED_NO_SCOPE, DELIVERY))));
        for (String kind : List.of("refund", "topup")) {
            rows.add(new RowSpec("POST /api/quota/" + kind, "POST", f -> "/api/quota/" + kind, f -> writeBody(f.alice(), 1),
                    Envelope.SEED_003, List.of(SERVICE_TOKEN),
                    refusals(invalidTokens("invalid_token"),
                            each(403, "insufficient_scope", ALICE_APP_WRITE, ALICE_PAT_WRITE, ALICE_PAT_ALL,
                                    ALICE_OTHER_APP_WRITE, ALICE_APP_SERVICE_SCOPE, BOB_APP_ALL, BOB_PAT_ALL,
                                    BOB_APP_SERVICE_SCOPE, ADMIN_PAT_ALL, ADMIN_APP_ALL, APP_CLIENT,
                                    APP_CLIENT_QUOTA, UNLISTED_SERVICE, LISTED_NO_SCOPE, DELIVERY))));
        }
        rows.add(new RowSpec("GET /api/quota/ledger", "GET", f -> "/api/quota/ledger", null, Envelope.SEED_003,
                List.of(ALICE_APP_READ, ALICE_APP_WRITE, ALICE_PAT_READ),
                refusals(invalidTokens("invalid_token"),
                        each(403, "insufficient_scope", ALICE_APP_PROFILE, ALICE_PAT_PROFILE, ALICE_APP_SERVICE_SCOPE,
                                APP_CLIENT, APP_CLIENT_QUOTA, UNLISTED_SERVICE, LISTED_NO_SCOPE, DELIVERY),
                        // A listed service has no own ledger: it must name the user (and reads nothing without it).
                        each(400, "invalid_request", SERVICE_TOKEN))));
        rows.add(new RowSpec("GET /api/quota/ledger?user_id=", "GET", f -> "/api/quota/ledger?user_id=" + f.alice(), null,
                Envelope.SEED_003, List.of(SERVICE_TOKEN, ADMIN_PAT_READ, ALICE_APP_READ, OPERATOR_CONSOLE, OPERATOR_PAT, AUDITOR),
                refusals(invalidTokens("invalid_token"),
                        each(403, "insufficient_scope", BOB_APP_ALL, BOB_PAT_ALL, ADMIN_APP_ALL,
                                ADMIN_PAT_PROFILE, ADMIN_PAT_WRITE, DISABLED_ADMIN_PAT, APP_CLIENT, APP_CLIENT_QUOTA,
                                UNLISTED_SERVICE, LISTED_NO_SCOPE, DELIVERY, ALICE_APP_PROFILE, APP_CLIENT_ADMIN),
                        // The static credential is the admin API's, not a token of the quota API.
                        each(401, "invalid_token", STATIC_CREDENTIAL))));
        // Admin API (issue #18): an operator's token with the method's admin scope, the static credential, or an
        // enabled admin's own personal access token with the quota scope; an auditor reads only.
        rows.add(adminRead("GET /api/admin/accounts", f -> "/api/admin/accounts?keyword=user" + f.alice()));
        rows.add(adminRead("GET /api/admin/accounts/{id}", f -> "/api/admin/accounts/" + f.alice()));
        rows.add(adminRead("GET /api/admin/accounts/{id}/ledger", f -> "/api/admin/accounts/" + f.alice() + "/ledger"));
        rows.add(adminRead("GET /api/admin/audit", f -> "/api/admin/audit?target=account:" + f.alice()));
        rows.add(new RowSpec("POST /api/admin/accounts/{id}/quota", "POST", f -> "/api/admin/accounts/" + f.alice() + "/quota",
                f -> "{\"delta\":1000,\"reason\":\"access model\"}", Envelope.ADMIN_PROBLEM,
                List.of(ADMIN_PAT_WRITE, OPERATOR_CONSOLE, OPERATOR_PAT, STATIC_CREDENTIAL),
                refusals(invalidTokens("invalid_token"),
                        each(403, "insufficient_scope", ADMIN_PAT_PROFILE, ADMIN_PAT_READ, ADMIN_APP_ALL,
                                ALICE_APP_WRITE, APP_CLIENT_QUOTA, APP_CLIENT_ADMIN, AUDITOR, UNLISTED_SERVICE,
                                SERVICE_TOKEN, DELIVERY),
                        each(403, "forbidden", ALICE_PAT_ALL, DISABLED_ADMIN_PAT))));
        for (String action : List.of("disable", "enable")) {
            rows.add(new RowSpec("POST /api/admin/accounts/{id}/" + action, "POST",
                    f -> "/api/admin/accounts/" + f.carol() + "/" + action, null, Envelope.ADMIN_PROBLEM,
                    List.of(ADMIN_PAT_WRITE, OPERATOR_CONSOLE, OPERATOR_PAT, STATIC_CREDENTIAL),
                    refusals(invalidTokens("invalid_token"),
                            each(403, "insufficient_scope", ADMIN_PAT_PROFILE, ADMIN_PAT_READ, ADMIN_APP_ALL,
                                    ALICE_APP_WRITE, APP_CLIENT_QUOTA, APP_CLIENT_ADMIN, AUDITOR, UNLISTED_SERVICE,
                                    SERVICE_TOKEN, DELIVERY),
                            each(403, "forbidden", ALICE_PAT_ALL, DISABLED_ADMIN_PAT))));
        }
        // The lifecycle receiver: auth-service's client token with platform.user-events, nothing else. The refused
        // batches would disable erin; the allowed one does.
        rows.add(new RowSpec("POST /internal/user-events", "POST", f -> "/internal/user-events", AccessModelTest::disableErin,
                Envelope.BEARER, List.of(DELIVERY),
                refusals(invalidTokens(null),
                        each(403, "forbidden", ALICE_APP_EVENTS, ALICE_PAT_EVENTS, APP_CLIENT_EVENTS),
                        each(403, "insufficient_scope", AUTH_NO_SCOPE, ALICE_APP_WRITE, ALICE_PAT_ALL, SERVICE_TOKEN,
                                ADMIN_PAT_ALL, APP_CLIENT_QUOTA))));
        rows.add(new RowSpec("GET /whoami", "GET", f -> "/whoami", null, Envelope.BEARER,
                List.of(ALICE_APP_PROFILE, ALICE_PAT_PROFILE, APP_CLIENT, SERVICE_TOKEN), invalidTokens(null)));
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            rows.add(new RowSpec("GET " + path, "GET", f -> path, null, Envelope.BEARER, List.of(NONE), List.of()));
        }
        return rows;
    }

    /** A read of the admin API: admin:read (operators and auditors), the static credential, or an admin's quota_read PAT. */
    private static RowSpec adminRead(String endpoint, Function<Fixture, String> path) {
        return new RowSpec(endpoint, "GET", path, null, Envelope.ADMIN_PROBLEM,
                List.of(ADMIN_PAT_READ, OPERATOR_CONSOLE, OPERATOR_PAT, AUDITOR, STATIC_CREDENTIAL),
                refusals(invalidTokens("invalid_token"),
                        each(403, "insufficient_scope", ADMIN_PAT_PROFILE, ADMIN_PAT_WRITE, ADMIN_APP_ALL, ALICE_APP_READ,
                                APP_CLIENT_QUOTA, APP_CLIENT_ADMIN, UNLISTED_SERVICE, SERVICE_TOKEN, DELIVERY),
                        each(403, "forbidden", ALICE_PAT_ALL, DISABLED_ADMIN_PAT)));
    }

    private static String disableErin(Fixture f) {
        long version = 1_000 + System.nanoTime() % 1_000_000;
        Map<String, Object> e = event(version, "user.updated", f.erin(), "user" + f.erin(), "disabled", version);
        return io.vertx.core.json.Json.encode(Map.of("events", List.of(e)));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (RowSpec row : rows()) {
            for (Cred allowed : row.allowed()) {
                cases.add(Arguments.of(row.endpoint() + " ← " + allowed.name() + " (allowed)", row, allowed, null));
            }
            for (Refusal refusal : row.refused()) {
                cases.add(Arguments.of(row.endpoint() + " ← " + refusal.cred().name(), row, refusal.cred(), refusal));
            }
        }
        return cases.stream();
    }

    // ---- the walk ------------------------------------------------------------------------------------------------

    private record Snapshot(long quota, long usedQuota, long requestCount, long affQuota, int status, int role,
                            boolean adminDisabled, long ledgerRows) {
    }

    private List<Snapshot> snapshot(Fixture f) {
        List<Snapshot> all = new ArrayList<>();
        for (long id : f.all()) {
            Row a = account(id);
            all.add(new Snapshot(a.getLong("quota"), a.getLong("used_quota"), a.getLong("request_count"),
                    a.getLong("aff_quota"), a.getInteger("status"), a.getInteger("role"), a.getBoolean("admin_disabled"),
                    ledgerCount(id)));
        }
        return all;
    }

    private Response send(Fixture f, RowSpec row, Cred cred) {
        RequestSpecification request = https().redirects().follow(false);
        String authorization = cred.authorization().apply(f);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Long apiUser = cred.apiUser().apply(f);
        if (apiUser != null) {
            request.header("X-Api-User", Long.toString(apiUser));
        }
        if (row.body() != null) {
            request.contentType("application/json").body(row.body().apply(f));
        }
        return "GET".equals(row.method()) ? request.get(row.path().apply(f)) : request.post(row.path().apply(f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRowRefusesWhatItDoesNotAllow(String name, RowSpec row, Cred cred, Refusal refusal) {
        Fixture f = fixture();
        if (refusal == null) {
            Response answer = send(f, row, cred);
            assertEquals(200, answer.statusCode(), name + ": " + answer.asString());
            if (row.envelope() == Envelope.SEED_003) {
                answer.then().body("success", org.hamcrest.Matchers.equalTo(true));
            }
            if (row.endpoint().equals("GET /q/metrics") || row.endpoint().startsWith("GET /q/health")) {
                assertRevealsNothing(f, answer.asString(), name);
            }
            return;
        }
        List<Snapshot> before = snapshot(f);
        Response answer = send(f, row, cred);
        String body = answer.asString();
        assertEquals(refusal.status(), answer.statusCode(), name + ": " + body);
        assertEquals(before, snapshot(f), name + ": nothing may change");
        assertRevealsNothing(f, body, name);
        if (refusal.status() == 401) {
            answer.then().header("WWW-Authenticate", startsWith("Bearer"));
        }
        if (row.envelope() == Envelope.ADMIN_PROBLEM) {
            assertTrue(answer.contentType().startsWith("application/problem+json"), name + ": " + answer.contentType());
            JsonPath json = JsonPath.from(body);
            assertEquals(refusal.error(), json.getString("error"), name + ": " + body);
            assertEquals(refusal.status(), json.getInt("status"), name + ": " + body);
            assertTrue(json.getString("detail") != null && !json.getString("detail").isEmpty(), name + ": " + body);
        } else if (row.envelope() == Envelope.SEED_003 || refusal.error() != null && body.startsWith("{\"")) {
            assertTrue(answer.contentType().startsWith("application/json"), name + ": " + answer.contentType());
            JsonPath json = JsonPath.from(body);
            assertEquals(refusal.error(), json.getString("error"), name + ": " + body);
            if (row.envelope() == Envelope.SEED_003) {
                assertEquals(Boolean.FALSE, json.getBoolean("success"), name + ": " + body);
                assertTrue(json.getString("message") != null && !json.getString("message").isEmpty(), name + ": " + body);
                assertNull(json.get("data"), name + ": a refusal carries no data: " + body);
            }
        } else if (refusal.error() != null) {
            // jwt-verification's RFC 6750 §3.1 403, or this service's envelope on /internal.
            assertTrue(body.contains("\"" + refusal.error() + "\""), name + ": " + body);
        } else {
            // RFC 6750 §3.1: a bare 401 on the bearer layer.
            answer.then().body(not(org.hamcrest.Matchers.containsString("{")));
        }
    }

    /** A stranger learns nothing about a user: no username, email or balance of any account here. */
    private void assertRevealsNothing(Fixture f, String body, String name) {
        assertFalse(body.contains("Exception"), name + ": " + body);
        for (long id : f.all()) {
            for (String secret : Set.of("user" + id + "@example.com", "\"user" + id + "\"", "USER" + id)) {
                assertFalse(body.contains(secret), name + " reveals " + secret + ": " + body);
            }
        }
        assertFalse(body.contains("100000000"), name + " reveals a balance: " + body);
    }
}
