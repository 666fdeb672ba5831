package dev.userinfo.info.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.clients.WellKnownClients;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.VerifiedCaller;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.JwksTestServer;
import dev.userinfo.jwt.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #13 ("Authorization is a table before it is code"): walks the README's {@code ## Authorization} table. For
 * every row it sends each credential kind the row does not allow — none, garbage, expired, an ID token, a token for
 * another audience, a user token without the scope, for another user, issued to another app, the app's own client
 * token, another app's, an unlisted client with a service scope, personal access tokens, the operator's admin token
 * on data endpoints and every token without the admin scopes on the admin API — and asserts the refusal in the endpoint's own envelope, that
 * nothing about the users is in the answer, and for writes that nothing changed. Each row also has the credential
 * it allows, so the matrix fails if everything is refused. Tokens are real RS256 JWTs verified over HTTPS against
 * the test JWKS; personal access tokens are introspected at jwt-verification's stand-in for auth-service.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AccessModelTest extends ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "test-admin-token";
    private static final String PAT_CLIENT = WellKnownClients.PERSONAL_ACCESS_TOKEN;

    /** One user, two apps and a directory app, created once (one Quarkus boot for the whole matrix). */
    private record Fixture(long alice, long bob, long app, String client, long otherApp, String otherClient,
                           long dirApp, String dirClient, String aliceEmail, String bobEmail, List<String> secrets) {
    }

    private static Fixture f;

    /** One cell of the table: the row, the credential tried, and what it does. */
    private record Case(String row, String credential, Check check) {
        String name() {
            return row + " ← " + credential;
        }
    }

    @FunctionalInterface
    private interface Check {
        void run(AccessModelTest t) throws Exception;
    }

    @BeforeEach
    void fixture() {
        if (f != null) {
            return;
        }
        long n = newUserId();
        long alice = createUser("acm-alice-" + n, "AliceSecretNick" + n, "alice" + n + "@acm.example", "+8613900001111");
        long bob = createUser("acm-bob-" + n, "BobSecretNick" + n, "bob" + n + "@acm.example", "+8613900002222");
        admin().contentType(ContentType.JSON).body("{\"avatar\":\"https://img.example/alice-" + n + ".png\",\"gender\":2}")
                .patch("/admin/profiles/" + alice).then().statusCode(200);
        long app = 9_000_000_000L + n % 1_000_000_000L * 3;
        String client = "acm-app-" + app, otherClient = "acm-other-" + (app + 1), dirClient = "acm-dir-" + (app + 2);
        putApp(app, client, false);
        putApp(app + 1, otherClient, false);
        putApp(app + 2, dirClient, true);
        f = new Fixture(alice, bob, app, client, app + 1, otherClient, app + 2, dirClient,
                "alice" + n + "@acm.example", "bob" + n + "@acm.example",
                List.of("AliceSecretNick" + n, "BobSecretNick" + n, "acm-alice-" + n, "acm-bob-" + n, "alice" + n + "@acm",
                        "bob" + n + "@acm", "13900001111", "13900002222", "alice-" + n + ".png",
                        String.valueOf(alice), String.valueOf(bob)));
    }

    private void putApp(long appId, String clientId, boolean directory) {
        registerApp(appId, clientId);
        admin().contentType(ContentType.JSON).body("{\"directory_access\":" + directory + "}").put("/admin/apps/" + appId).then().statusCode(200);
    }

    // ---- credentials, minted the way auth-service issues them

    private static String user(long userId, String clientId, String... scopes) {
        return tokens().forUser(String.valueOf(userId), clientId, scopes);
    }

    private static String client(String clientId, String... scopes) {
        return tokens().forClient(clientId, scopes);
    }

    private static String expired(long userId, String clientId, String... scopes) {
        return tokens().token().subject(String.valueOf(userId)).clientId(clientId).scope(String.join(" ", scopes))
                .claim("open_id", "oid-" + clientId + "-" + userId).issuedAt(Instant.now().minusSeconds(7200)).sign();
    }

    /** Everything right except {@code aud}: narrowed to account-quota-service (RFC 8707). */
    private static String foreignAudience(long userId, String clientId, String... scopes) {
        return tokens().token().subject(String.valueOf(userId)).clientId(clientId).scope(String.join(" ", scopes))
                .claim("open_id", "oid-" + clientId + "-" + userId).audience(TestTokens.ACCOUNT_QUOTA_SERVICE).sign();
    }

    private static String idToken(long userId, String clientId) {
        return tokens().idToken(String.valueOf(userId), clientId);
    }

    /** A personal access token ({@code pat_…}) of {@code userId}, active at the stand-in's introspection. */
    private static String pat(long userId, String... scopes) {
        String token = "pat_" + UUID.randomUUID().toString().replace("-", "");
        JwksTestResource.server().personalToken(token, "pat-" + UUID.randomUUID(), String.valueOf(userId), String.join(" ", scopes));
        return token;
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private RequestSpecification with(String authorization) {
        RequestSpecification spec = given();
        return authorization == null ? spec : spec.header("Authorization", authorization);
    }

    // ---- the endpoints, each carrying the credential where its seed does

    private Response seed000(String authorization, String clientId, Long userId) {
        String query = "client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=user_info_read"
                + (userId == null ? "" : "&user_id=" + userId);
        return with(authorization).urlEncodingEnabled(false).get("/chatroom/api/account/info?" + query);
    }

    private Response seed001(String authorization) {
        return with(authorization).get("/userservices/v2/authorization/userinfo");
    }

    private Response seed002(String token, String appHeader, long userId) {
        RequestSpecification spec = given().header("X-App-Id", appHeader).queryParam("userId", userId);
        return (token == null ? spec : spec.queryParam("accessToken", token)).get("/user/info");
    }

    private List<Response> seed004(String field, String token, long appId, String email) {
        String body = "{\"appid\":" + appId + ",\"email\":\"" + email + "\""
                + (token == null ? "" : ",\"" + field + "\":\"" + token + "\"") + "}";
        List<Response> answers = new ArrayList<>();
        for (String path : List.of("/developer/profile.php", "/developer/user_info.php")) {
            answers.add(given().contentType(ContentType.JSON).body(body).post(path));
        }
        return answers;
    }

    private List<Response> oidc(String authorization) {
        return List.of(with(authorization).get("/userinfo"), with(authorization).post("/userinfo"));
    }

    private Response internal(String authorization, long userId, String nickname) {
        return with(authorization).contentType(ContentType.JSON)
                .body("{\"events\":[" + event(1, "user.updated", userId, 1000, "mallory", nickname, "mallory@evil.example", null,
                        "active") + "]}")
                .post("/internal/user-events");
    }

    private Response whoami(String authorization) {
        return with(authorization).get("/whoami");
    }

    // ---- what a refusal must look like

    /** Nothing about either user in the answer: no nickname, login, e-mail, phone, avatar or id. */
    private static void nothingAboutUsers(Response r) {
        String body = r.asString();
        for (String secret : f.secrets()) {
            assertFalse(body.contains(secret), "answer reveals " + secret + ": " + body);
        }
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.asString());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Seed 000's envelope, {@code status} failed, the row's {@code msg}; a 401's result only proven if {@code proven}. */
    private static void refused000(Response r, int status, String msg, boolean proven) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        JsonNode body = json(r);
        assertEquals(Set.of("msg", "result", "status"), fields(body), r.asString());
        assertEquals("failed", body.get("status").asText());
        assertEquals(msg, body.get("msg").asText());
        JsonNode result = body.get("result");
        if (status == 401 && proven) {
            assertTrue(result.hasNonNull("request_id"), r.asString());
        } else if (status == 401 || (status == 403 && msg.contains("user_info_read"))) {
            // Unproven: a state-less authorize_url, the same for every user_id; nobody prompted.
            assertEquals(Set.of("authorize_url"), fields(result), r.asString());
            if (status == 401) {
                assertFalse(result.get("authorize_url").asText().contains("state="), r.asString());
            }
        } else {
            assertEquals(0, result.size(), r.asString());
        }
        nothingAboutUsers(r);
    }

    private static void refused001(Response r, int status, String msg) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        JsonNode body = json(r);
        assertEquals(Set.of("err_code", "err_msg"), fields(body), r.asString());
        assertEquals(status, body.get("err_code").asInt());
        assertEquals(msg, body.get("err_msg").asText());
        nothingAboutUsers(r);
    }

    private static void refused002(Response r, int status, String message) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        JsonNode body = json(r);
        assertEquals(status, body.get("code").asInt(), r.asString());
        assertEquals("fail", body.get("status").asText());
        assertEquals(message, body.get("message").asText());
        assertEquals(0, body.get("data").size(), r.asString());
        nothingAboutUsers(r);
    }

    private static void refused004(List<Response> answers, int status, String msg) throws Exception {
        for (Response r : answers) {
            assertEquals(status, r.statusCode(), r.asString());
            JsonNode body = json(r);
            assertEquals(Set.of("code", "data", "msg"), fields(body), r.asString());
            assertEquals(status, body.get("code").asInt());
            assertTrue(body.get("data").isNull(), r.asString());
            assertEquals(msg, body.get("msg").asText());
            nothingAboutUsers(r);
        }
    }

    /** RFC 6750 §3: no token is a bare challenge; otherwise {@code error} in the body and in WWW-Authenticate. */
    private static void refusedOidc(List<Response> answers, int status, String error) throws Exception {
        for (Response r : answers) {
            assertEquals(status, r.statusCode(), r.asString());
            String challenge = r.header("WWW-Authenticate");
            assertNotNull(challenge, "WWW-Authenticate");
            assertTrue(challenge.startsWith("Bearer"), challenge);
            if (error == null) {
                assertFalse(challenge.contains("error="), challenge);
            } else {
                assertTrue(challenge.contains("error=\"" + error + "\""), challenge);
                assertEquals(error, json(r).get("error").asText());
            }
            nothingAboutUsers(r);
        }
    }

    /** 401 (RFC 6750 challenge) or 403; any body is the {@code {"error","error_description"}} envelope. */
    private static void refusedToken(Response r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        if (status == 401) {
            assertNotNull(r.header("WWW-Authenticate"), "WWW-Authenticate");
            assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.header("WWW-Authenticate"));
        }
        if (status == 403 || !r.asString().isEmpty()) {
            assertTrue(json(r).hasNonNull("error"), r.asString());
        }
        nothingAboutUsers(r);
    }

    /** 401 with the admin realm, or 403 insufficient_scope naming the scope; the admin problem either way. */
    private static void refusedAdmin(Response r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.asString());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer realm=\"admin\""), r.header("WWW-Authenticate"));
        JsonNode body = json(r);
        assertEquals(Set.of("type", "title", "status", "detail", "error"), fields(body), r.asString());
        assertEquals(status == 401 ? "unauthorized" : "insufficient_scope", body.get("error").asText());
        nothingAboutUsers(r);
    }

    /** The state a write could change: Alice's and Bob's profiles and the apps, as the operator reads them. */
    private String state() {
        return admin().get("/admin/profiles/" + f.alice()).asString() + admin().get("/admin/profiles/" + f.bob()).asString()
                + admin().get("/admin/apps/" + f.app()).asString() + admin().get("/admin/apps/" + f.dirApp()).asString()
                + admin().get("/admin/orgs").asString();
    }

    // ---- the table

    static Stream<String> cases() {
        return table().stream().map(Case::name);
    }

    private static List<Case> table;

    private static synchronized List<Case> table() {
        if (table == null) {
            List<Case> all = new ArrayList<>();
            rowsSeed000Data(all);
            rowsSeed000Prompt(all);
            rowsSeed001(all);
            rowsSeed002(all);
            rowsSeed004(all);
            rowsOidc(all);
            rowsInternal(all);
            rowsAdmin(all);
            rowsWhoami(all);
            rowsOperations(all);
            table = List.copyOf(all);
        }
        return table;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void row(String name) throws Exception {
        for (Case c : table()) {
            if (c.name().equals(name)) {
                try {
                    c.check().run(this);
                } catch (AssertionError | RuntimeException e) {
                    // Surefire's report shows row(String)[n]; the message names the row and the credential.
                    throw new AssertionError(name + ": " + e.getMessage(), e);
                }
                return;
            }
        }
        throw new AssertionError("no case " + name);
    }

    private static void add(List<Case> all, String row, String credential, Check check) {
        all.add(new Case(row, credential, check));
    }

    /** Seed 000, data: user token via the app named by client_id, user_info_read, the token's user. */
    private static void rowsSeed000Data(List<Case> all) {
        String row = "GET /chatroom/api/account/info (data)";
        add(all, row, "ALLOWED user token via the app with user_info_read", t -> {
            for (Long userId : new Long[] {null, f.alice()}) {
                Response r = t.seed000(bearer(user(f.alice(), f.client(), "user_info_read")), f.client(), userId);
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals("ok", json(r).get("status").asText());
                assertEquals(f.secrets().get(0), json(r).get("result").get("username").asText());
            }
        });
        add(all, row, "no credential", t -> refused000(t.seed000(null, f.client(), f.alice()), 401, "缺少访问令牌，请先授权", false));
        add(all, row, "garbage bearer", t -> refused000(t.seed000("Bearer not.a.token", f.client(), f.alice()), 401,
                "访问令牌无效，请重新授权", false));
        add(all, row, "expired user token with user_info_read", t -> refused000(t.seed000(
                bearer(expired(f.alice(), f.client(), "user_info_read")), f.client(), f.alice()), 401, "访问令牌已过期，请重新授权", false));
        add(all, row, "ID token", t -> refused000(t.seed000(bearer(idToken(f.alice(), f.client())), f.client(), f.alice()), 401,
                "访问令牌无效，请重新授权", false));
        add(all, row, "token for another audience", t -> refused000(t.seed000(
                bearer(foreignAudience(f.alice(), f.client(), "user_info_read")), f.client(), f.alice()), 401, "访问令牌无效，请重新授权", false));
        add(all, row, "user token via the app without user_info_read", t -> refused000(t.seed000(
                bearer(user(f.alice(), f.client(), "profile", "openid")), f.client(), f.alice()), 403, "访问令牌缺少 user_info_read 权限", false));
        add(all, row, "user token via the app with user_info_read for another user_id", t -> refused000(t.seed000(
                bearer(user(f.alice(), f.client(), "user_info_read")), f.client(), f.bob()), 403, "user_id 不是访问令牌的用户", false));
        add(all, row, "user token with user_info_read issued to another app", t -> refused000(t.seed000(
                bearer(user(f.alice(), f.otherClient(), "user_info_read")), f.client(), f.alice()), 401, "访问令牌不属于该应用，请重新授权", false));
        add(all, row, "the app's own client token with user_info_read", t -> refused000(t.seed000(
                bearer(client(f.client(), "user_info_read")), f.client(), f.alice()), 401, "访问令牌无效，请重新授权", true));
        add(all, row, "the app's own client token without user_info_read", t -> refused000(t.seed000(
                bearer(client(f.client())), f.client(), null), 401, "访问令牌无效，请重新授权", true));
        add(all, row, "another app's client token with user_info_read", t -> refused000(t.seed000(
                bearer(client(f.otherClient(), "user_info_read")), f.client(), f.alice()), 401, "访问令牌不属于该应用，请重新授权", false));
        add(all, row, "unlisted client's token with platform.user-events", t -> refused000(t.seed000(
                bearer(client("acm-stranger", "platform.user-events")), f.client(), f.alice()), 401, "访问令牌不属于该应用，请重新授权", false));
        add(all, row, "personal access token without user_info_read", t -> refused000(t.seed000(
                bearer(pat(f.alice(), "profile")), f.client(), f.alice()), 401, "访问令牌不属于该应用，请重新授权", false));
        add(all, row, "personal access token with user_info_read (app-only row)", t -> refused000(t.seed000(
                bearer(pat(f.alice(), "user_info_read")), f.client(), f.alice()), 401, "访问令牌不属于该应用，请重新授权", false));
        add(all, row, "personal access token with user_info_read naming personal-access-token as client_id", t -> refused000(
                t.seed000(bearer(pat(f.alice(), "user_info_read")), PAT_CLIENT, null), 401, "访问令牌不属于该应用，请重新授权", false));
        add(all, row, "operator admin token", t -> refused000(t.seed000(bearer(ADMIN_TOKEN), f.client(), f.alice()), 401,
                "访问令牌无效，请重新授权", false));
    }

    /**
     * Seed 000, 401 with a prompt: only the app proving itself (its client token, or Basic client_id:client_secret)
     * gets a request opened for a user_id; every other credential gets the state-less URL, and auth-service is told
     * neither the user_id nor a proof.
     */
    private static void rowsSeed000Prompt(List<Case> all) {
        String row = "GET /chatroom/api/account/info (401 with a prompt)";
        add(all, row, "ALLOWED the app's own client token", t -> {
            Response r = t.seed000(bearer(client(f.client())), f.client(), f.alice());
            refused000(r, 401, "访问令牌无效，请重新授权", true);
            JwksTestServer.PromptRequest asked = lastPrompt();
            assertEquals("client_token", asked.body().getString("proof"));
            assertEquals(String.valueOf(f.alice()), asked.body().getString("user_id"));
        });
        add(all, row, "ALLOWED the app's client_id:client_secret (HTTP Basic)", t -> {
            Response r = t.seed000(basic(f.client(), JwksTestServer.PROMPT_APP_SECRET), f.client(), f.alice());
            refused000(r, 401, "缺少访问令牌，请先授权", true);
            assertEquals("client_secret", lastPrompt().body().getString("proof"));
        });
        String[][] unproven = {
                {"no credential", "缺少访问令牌，请先授权"},
                {"garbage bearer", "访问令牌无效，请重新授权"},
                {"expired client token of the app", "访问令牌已过期，请重新授权"},
                {"ID token", "访问令牌无效，请重新授权"},
                {"client token of the app for another audience", "访问令牌无效，请重新授权"},
                {"user token issued to another app", "访问令牌不属于该应用，请重新授权"},
                {"another app's client token", "访问令牌不属于该应用，请重新授权"},
                {"personal access token", "访问令牌不属于该应用，请重新授权"},
                {"HTTP Basic of another client_id", "缺少访问令牌，请先授权"},
                {"operator admin token", "访问令牌无效，请重新授权"},
        };
        for (String[] c : unproven) {
            add(all, row, c[0], t -> {
                String authorization = switch (c[0]) {
                    case "no credential" -> null;
                    case "garbage bearer" -> "Bearer not.a.token";
                    case "expired client token of the app" -> bearer(tokens().token().subject(f.client()).clientId(f.client())
                            .claim("gty", VerifiedCaller.CLIENT_CREDENTIALS).issuedAt(Instant.now().minusSeconds(7200)).sign());
                    case "ID token" -> bearer(idToken(f.alice(), f.client()));
                    case "client token of the app for another audience" -> bearer(tokens().token().subject(f.client())
                            .clientId(f.client()).claim("gty", VerifiedCaller.CLIENT_CREDENTIALS)
                            .audience(TestTokens.ACCOUNT_QUOTA_SERVICE).sign());
                    case "user token issued to another app" -> bearer(user(f.alice(), f.otherClient(), "user_info_read"));
                    case "another app's client token" -> bearer(client(f.otherClient()));
                    case "personal access token" -> bearer(pat(f.alice(), "user_info_read"));
                    case "HTTP Basic of another client_id" -> basic(f.otherClient(), JwksTestServer.PROMPT_APP_SECRET);
                    default -> bearer(ADMIN_TOKEN);
                };
                int before = JwksTestResource.server().promptRequests().size();
                refused000(t.seed000(authorization, f.client(), f.bob()), 401, c[1], false);
                List<JwksTestServer.PromptRequest> asked = JwksTestResource.server().promptRequests();
                for (JwksTestServer.PromptRequest request : asked.subList(before, asked.size())) {
                    assertNull(request.body().getValue("user_id"), request.body().encode());
                    assertNull(request.body().getValue("proof"), request.body().encode());
                }
            });
        }
    }

    private static JwksTestServer.PromptRequest lastPrompt() {
        List<JwksTestServer.PromptRequest> asked = JwksTestResource.server().promptRequests();
        assertFalse(asked.isEmpty(), "auth-service was not asked");
        return asked.get(asked.size() - 1);
    }

    /** Seed 001: user token via an app (open_id), snsapi_base or snsapi_userinfo, the token's user. */
    private static void rowsSeed001(List<Case> all) {
        String row = "GET /userservices/v2/authorization/userinfo";
        add(all, row, "ALLOWED user token via an app with snsapi_userinfo", t -> {
            Response r = t.seed001(user(f.alice(), f.client(), "snsapi_userinfo"));
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(f.secrets().get(0), json(r).get("nickname").asText());
        });
        add(all, row, "no credential", t -> refused001(t.seed001(null), 401, "缺少token"));
        add(all, row, "garbage bearer", t -> refused001(t.seed001("Bearer not.a.token"), 401, "无效的token"));
        add(all, row, "expired user token with snsapi_userinfo", t -> refused001(t.seed001(
                expired(f.alice(), f.client(), "snsapi_userinfo")), 401, "token已过期"));
        add(all, row, "ID token", t -> refused001(t.seed001(idToken(f.alice(), f.client())), 401, "无效的token"));
        add(all, row, "token for another audience", t -> refused001(t.seed001(
                foreignAudience(f.alice(), f.client(), "snsapi_userinfo")), 401, "无效的token"));
        add(all, row, "user token via an app without snsapi scopes", t -> refused001(t.seed001(
                user(f.alice(), f.client(), "profile", "openid", "user_info_read")), 403, "token无权获取用户信息"));
        add(all, row, "the app's own client token with snsapi_userinfo", t -> refused001(t.seed001(
                client(f.client(), "snsapi_userinfo")), 401, "无效的token"));
        add(all, row, "the app's own client token without scope", t -> refused001(t.seed001(client(f.client())), 401, "无效的token"));
        add(all, row, "unlisted client's token with platform.user-events", t -> refused001(t.seed001(
                client("acm-stranger", "platform.user-events")), 401, "无效的token"));
        add(all, row, "personal access token without snsapi scopes", t -> refused001(t.seed001(pat(f.alice(), "profile")), 401,
                "无效的token"));
        add(all, row, "personal access token with snsapi_userinfo (app-only row)", t -> refused001(t.seed001(
                pat(f.alice(), "snsapi_userinfo", "snsapi_base")), 401, "无效的token"));
        add(all, row, "operator admin token", t -> refused001(t.seed001(ADMIN_TOKEN), 401, "无效的token"));
    }

    /**
     * Seed 002: user token via the app named by X-App-Id with profile, the token's user; another user, or the app's
     * own client token, only for an app an operator gave directory access.
     */
    private static void rowsSeed002(List<Case> all) {
        String row = "GET /user/info";
        add(all, row, "ALLOWED user token via the X-App-Id app with profile, own userId", t -> {
            Response r = t.seed002(user(f.alice(), f.client(), "profile"), f.client(), f.alice());
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(String.valueOf(f.alice()), json(r).get("data").get("userId").asText());
        });
        add(all, row, "ALLOWED directory app's user token with profile, another userId", t -> {
            Response r = t.seed002(user(f.alice(), f.dirClient(), "profile"), f.dirClient(), f.bob());
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(String.valueOf(f.bob()), json(r).get("data").get("userId").asText());
        });
        add(all, row, "ALLOWED directory app's own client token with profile", t -> {
            Response r = t.seed002(client(f.dirClient(), "profile"), f.dirClient(), f.bob());
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(String.valueOf(f.bob()), json(r).get("data").get("userId").asText());
        });
        add(all, row, "no credential", t -> refused002(t.seed002(null, f.client(), f.alice()), 400, "缺少参数: accessToken"));
        add(all, row, "garbage bearer", t -> refused002(t.seed002("not.a.token", f.client(), f.alice()), 401, "accessToken无效"));
        add(all, row, "expired user token with profile", t -> refused002(t.seed002(
                expired(f.alice(), f.client(), "profile"), f.client(), f.alice()), 401, "accessToken已过期"));
        add(all, row, "ID token", t -> refused002(t.seed002(idToken(f.alice(), f.client()), f.client(), f.alice()), 401,
                "accessToken无效"));
        add(all, row, "token for another audience", t -> refused002(t.seed002(
                foreignAudience(f.alice(), f.client(), "profile"), f.client(), f.alice()), 401, "accessToken无效"));
        add(all, row, "user token via the app without profile", t -> refused002(t.seed002(
                user(f.alice(), f.client(), "openid", "user_info_read", "snsapi_userinfo"), f.client(), f.alice()), 403,
                "accessToken无权读取用户信息"));
        add(all, row, "user token via the app with profile for another userId (no directory access)", t -> refused002(t.seed002(
                user(f.alice(), f.client(), "profile", "phone", "email", "org_read"), f.client(), f.bob()), 403, "无权读取该用户的信息"));
        add(all, row, "user token with profile issued to another app", t -> refused002(t.seed002(
                user(f.alice(), f.otherClient(), "profile"), f.client(), f.alice()), 403, "accessToken不属于X-App-Id指定的应用"));
        add(all, row, "directory app's user token with profile naming another app", t -> refused002(t.seed002(
                user(f.alice(), f.dirClient(), "profile"), f.client(), f.bob()), 403, "accessToken不属于X-App-Id指定的应用"));
        add(all, row, "the app's own client token with profile (no directory access)", t -> refused002(t.seed002(
                client(f.client(), "profile"), f.client(), f.alice()), 403, "无权读取该用户的信息"));
        add(all, row, "the app's own client token without profile", t -> refused002(t.seed002(
                client(f.client()), f.client(), f.alice()), 403, "accessToken无权读取用户信息"));
        add(all, row, "directory app's own client token without profile", t -> refused002(t.seed002(
                client(f.dirClient(), "org_read"), f.dirClient(), f.bob()), 403, "accessToken无权读取用户信息"));
        add(all, row, "another app's client token with profile", t -> refused002(t.seed002(
                client(f.otherClient(), "profile"), f.client(), f.alice()), 403, "accessToken不属于X-App-Id指定的应用"));
        add(all, row, "unlisted client's token with platform.user-events", t -> refused002(t.seed002(
                client("acm-stranger", "platform.user-events", "profile"), f.client(), f.alice()), 403, "accessToken不属于X-App-Id指定的应用"));
        add(all, row, "personal access token without profile", t -> refused002(t.seed002(
                pat(f.alice(), "openid"), f.client(), f.alice()), 403, "accessToken不属于X-App-Id指定的应用"));
        add(all, row, "personal access token with profile (app-only row)", t -> refused002(t.seed002(
                pat(f.alice(), "profile"), f.client(), f.alice()), 403, "accessToken不属于X-App-Id指定的应用"));
        add(all, row, "personal access token with profile naming personal-access-token as X-App-Id", t -> refused002(t.seed002(
                pat(f.alice(), "profile", "phone", "email"), PAT_CLIENT, f.alice()), 403, "accessToken不属于X-App-Id指定的应用"));
        add(all, row, "operator admin token", t -> refused002(t.seed002(ADMIN_TOKEN, f.client(), f.alice()), 401, "accessToken无效"));
    }

    /**
     * Seed 004 (both paths): user token via the app appid or a personal access token, profile, the token's user whose
     * e-mail must match.
     */
    private static void rowsSeed004(List<Case> all) {
        String row = "POST /developer/profile.php, /developer/user_info.php";
        add(all, row, "ALLOWED user token via the appid app with profile (access_token)", t -> {
            for (Response r : t.seed004("access_token", user(f.alice(), f.client(), "profile"), f.app(), f.aliceEmail())) {
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals(String.valueOf(f.alice()), json(r).get("data").get("uid").asText());
            }
        });
        add(all, row, "ALLOWED personal access token with profile (user_token)", t -> {
            for (Response r : t.seed004("user_token", pat(f.alice(), "profile"), f.app(), f.aliceEmail())) {
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals(String.valueOf(f.alice()), json(r).get("data").get("uid").asText());
            }
        });
        String failed = "Token验证失败";
        add(all, row, "no credential", t -> refused004(t.seed004("access_token", null, f.app(), f.aliceEmail()), 400, "参数格式错误"));
        add(all, row, "garbage bearer", t -> refused004(t.seed004("access_token", "not.a.token", f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "expired user token with profile", t -> refused004(t.seed004("access_token",
                expired(f.alice(), f.client(), "profile"), f.app(), f.aliceEmail()), 401, "登录已失效"));
        add(all, row, "ID token", t -> refused004(t.seed004("access_token", idToken(f.alice(), f.client()), f.app(), f.aliceEmail()),
                401, failed));
        add(all, row, "token for another audience", t -> refused004(t.seed004("access_token",
                foreignAudience(f.alice(), f.client(), "profile"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "user token via the app without profile", t -> refused004(t.seed004("access_token",
                user(f.alice(), f.client(), "openid", "email"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "user token via the app with profile and another user's e-mail", t -> refused004(t.seed004("access_token",
                user(f.alice(), f.client(), "profile"), f.app(), f.bobEmail()), 401, failed));
        add(all, row, "user token with profile issued to another app", t -> refused004(t.seed004("access_token",
                user(f.alice(), f.otherClient(), "profile"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "user token with profile issued to another app, as user_token", t -> refused004(t.seed004("user_token",
                user(f.alice(), f.otherClient(), "profile"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "the app's own client token with profile", t -> refused004(t.seed004("access_token",
                client(f.client(), "profile"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "the app's own client token without profile", t -> refused004(t.seed004("access_token",
                client(f.client()), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "another app's client token with profile", t -> refused004(t.seed004("access_token",
                client(f.otherClient(), "profile"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "unlisted client's token with platform.user-events", t -> refused004(t.seed004("access_token",
                client("acm-stranger", "platform.user-events", "profile"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "personal access token without profile", t -> refused004(t.seed004("user_token",
                pat(f.alice(), "openid", "user_info_read"), f.app(), f.aliceEmail()), 401, failed));
        add(all, row, "personal access token with profile and another user's e-mail", t -> refused004(t.seed004("user_token",
                pat(f.alice(), "profile"), f.app(), f.bobEmail()), 401, failed));
        add(all, row, "operator admin token", t -> refused004(t.seed004("user_token", ADMIN_TOKEN, f.app(), f.aliceEmail()), 401,
                failed));
    }

    /** OIDC: user token via an app or personal access token, openid, the token's user (GET and POST). */
    private static void rowsOidc(List<Case> all) {
        String row = "GET, POST /userinfo";
        add(all, row, "ALLOWED user token via an app with openid", t -> {
            for (Response r : t.oidc(bearer(user(f.alice(), f.client(), "openid", "profile")))) {
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals(String.valueOf(f.alice()), json(r).get("sub").asText());
            }
        });
        add(all, row, "ALLOWED personal access token with openid", t -> {
            for (Response r : t.oidc(bearer(pat(f.alice(), "openid")))) {
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals(String.valueOf(f.alice()), json(r).get("sub").asText());
            }
        });
        add(all, row, "no credential", t -> refusedOidc(t.oidc(null), 401, null));
        add(all, row, "garbage bearer", t -> refusedOidc(t.oidc("Bearer not.a.token"), 401, "invalid_token"));
        add(all, row, "expired user token with openid", t -> refusedOidc(t.oidc(bearer(expired(f.alice(), f.client(), "openid"))),
                401, "invalid_token"));
        add(all, row, "ID token", t -> refusedOidc(t.oidc(bearer(idToken(f.alice(), f.client()))), 401, "invalid_token"));
        add(all, row, "token for another audience", t -> refusedOidc(t.oidc(bearer(foreignAudience(f.alice(), f.client(), "openid"))),
                401, "invalid_token"));
        add(all, row, "user token via an app without openid", t -> refusedOidc(t.oidc(bearer(
                user(f.alice(), f.client(), "profile", "email", "phone"))), 403, "insufficient_scope"));
        add(all, row, "the app's own client token with openid", t -> refusedOidc(t.oidc(bearer(
                client(f.client(), "openid", "profile"))), 403, "insufficient_scope"));
        add(all, row, "the app's own client token without openid", t -> refusedOidc(t.oidc(bearer(client(f.client()))), 403,
                "insufficient_scope"));
        add(all, row, "unlisted client's token with platform.user-events", t -> refusedOidc(t.oidc(bearer(
                client("acm-stranger", "platform.user-events"))), 403, "insufficient_scope"));
        add(all, row, "personal access token without openid", t -> refusedOidc(t.oidc(bearer(
                pat(f.alice(), "profile", "email"))), 403, "insufficient_scope"));
        add(all, row, "operator admin token", t -> refusedOidc(t.oidc(bearer(ADMIN_TOKEN)), 401, "invalid_token"));
    }

    /** /internal/user-events: auth-service's own client token with platform.user-events; any user; nothing else. */
    private static void rowsInternal(List<Case> all) {
        String row = "POST /internal/user-events";
        add(all, row, "ALLOWED auth-service's client token with platform.user-events", t -> {
            long carol = t.createUser("acm-carol-" + newUserId(), "Carol", null, null);
            Response r = t.internal(bearer(client("auth-service", "platform.user-events")), carol, "Carol2");
            assertEquals(200, r.statusCode(), r.asString());
            assertEquals(1, json(r).get("applied").asInt());
            assertTrue(t.admin().get("/admin/profiles/" + carol).asString().contains("Carol2"));
        });
        Object[][] refused = {
                {"no credential", 401},
                {"garbage bearer", 401},
                {"expired auth-service client token with platform.user-events", 401},
                {"ID token", 401},
                {"auth-service client token for another audience", 401},
                {"user token via auth-service with platform.user-events", 403},
                {"user token via an app with platform.user-events", 403},
                {"personal access token with platform.user-events", 403},
                {"another app's client token with platform.user-events", 403},
                {"unlisted client's token with platform.user-events", 403},
                {"auth-service client token without platform.user-events", 403},
                {"operator admin token", 401},
        };
        for (Object[] c : refused) {
            String credential = (String) c[0];
            add(all, row, credential, t -> {
                String token = switch (credential) {
                    case "no credential" -> null;
                    case "garbage bearer" -> "not.a.token";
                    case "expired auth-service client token with platform.user-events" -> tokens().token().subject("auth-service")
                            .clientId("auth-service").scope("platform.user-events").claim("gty", VerifiedCaller.CLIENT_CREDENTIALS)
                            .issuedAt(Instant.now().minusSeconds(7200)).sign();
                    case "ID token" -> idToken(f.alice(), "auth-service");
                    case "auth-service client token for another audience" -> tokens().token().subject("auth-service")
                            .clientId("auth-service").scope("platform.user-events").claim("gty", VerifiedCaller.CLIENT_CREDENTIALS)
                            .audience(TestTokens.ACCOUNT_QUOTA_SERVICE).sign();
                    case "user token via auth-service with platform.user-events" -> user(f.alice(), "auth-service", "platform.user-events");
                    case "user token via an app with platform.user-events" -> user(f.alice(), f.client(), "platform.user-events");
                    case "personal access token with platform.user-events" -> pat(f.alice(), "platform.user-events");
                    case "another app's client token with platform.user-events" -> client(f.client(), "platform.user-events");
                    case "unlisted client's token with platform.user-events" -> client("acm-stranger", "platform.user-events");
                    case "auth-service client token without platform.user-events" -> client("auth-service", "profile");
                    default -> ADMIN_TOKEN;
                };
                String before = t.state();
                refusedToken(t.internal(bearer(token), f.alice(), "Mallory"), (Integer) c[1]);
                assertEquals(before, t.state(), "the refused delivery changed a profile");
            });
        }
    }

    /**
     * /admin/** (issue #18): the static admin token, or a user's own token (access token or personal access token)
     * carrying admin:read to read and admin:write to change. No credential or a refused one is 401; a valid token
     * without the scope the method needs (a plain user's, an app's own whatever it carries, an auditor's on writes) is
     * 403 insufficient_scope; nothing changes.
     */
    private static void rowsAdmin(List<Case> all) {
        String row = "/admin/**";
        add(all, row, "ALLOWED operator admin token", t -> {
            Response r = t.with(bearer(ADMIN_TOKEN)).get("/admin/profiles/" + f.alice());
            assertEquals(200, r.statusCode(), r.asString());
            assertTrue(r.asString().contains(f.secrets().get(0)), r.asString());
        });
        add(all, row, "ALLOWED operator's console token with admin:read and admin:write", t -> {
            String operator = bearer(user(f.bob(), WellKnownClients.PLATFORM_CONSOLE, "admin:read", "admin:write"));
            Response r = t.with(operator).get("/admin/profiles/" + f.alice());
            assertEquals(200, r.statusCode(), r.asString());
            r = t.with(operator).contentType(ContentType.JSON).body("{\"directory_access\":false}").put("/admin/apps/" + f.app());
            assertEquals(200, r.statusCode(), r.asString());
        });
        add(all, row, "ALLOWED auditor's token with admin:read, reads only", t -> {
            String auditor = bearer(pat(f.bob(), "admin:read"));
            Response r = t.with(auditor).get("/admin/profiles/" + f.alice());
            assertEquals(200, r.statusCode(), r.asString());
            String before = t.state();
            for (Response write : t.adminWrites(auditor)) {
                refusedAdmin(write, 403);
            }
            assertEquals(before, t.state(), "a refused admin call changed something");
        });
        String[] unauthorized = {
                "no credential", "garbage bearer", "admin token without Bearer", "expired user token", "ID token",
                "token for another audience",
        };
        String[] forbidden = {
                "user token via an app with every scope", "the app's own client token", "auth-service client token with platform.user-events",
                "personal access token with every scope",
        };
        String[] every = {"openid", "profile", "email", "phone", "org_read", "user_info_read", "snsapi_userinfo", "platform.user-events",
                "admin"};
        for (String credential : unauthorized) {
            add(all, row, credential, t -> {
                String authorization = switch (credential) {
                    case "no credential" -> null;
                    case "garbage bearer" -> "Bearer not.a.token";
                    case "admin token without Bearer" -> ADMIN_TOKEN;
                    case "expired user token" -> bearer(expired(f.alice(), WellKnownClients.PLATFORM_CONSOLE, "admin:read", "admin:write"));
                    case "ID token" -> bearer(idToken(f.alice(), WellKnownClients.PLATFORM_CONSOLE));
                    default -> bearer(foreignAudience(f.alice(), WellKnownClients.PLATFORM_CONSOLE, "admin:read", "admin:write"));
                };
                String before = t.state();
                refusedAdmin(t.with(authorization).get("/admin/profiles/" + f.alice()), 401);
                refusedAdmin(t.with(authorization).get("/admin/profiles"), 401);
                for (Response write : t.adminWrites(authorization)) {
                    refusedAdmin(write, 401);
                }
                assertEquals(before, t.state(), "a refused admin call changed something");
            });
        }
        for (String credential : forbidden) {
            add(all, row, credential, t -> {
                String authorization = switch (credential) {
                    case "user token via an app with every scope" -> bearer(user(f.alice(), f.client(), every));
                    case "the app's own client token" -> bearer(client(f.client(), "admin:read", "admin:write"));
                    case "auth-service client token with platform.user-events" -> bearer(client("auth-service", every));
                    default -> bearer(pat(f.alice(), every));
                };
                String before = t.state();
                refusedAdmin(t.with(authorization).get("/admin/profiles/" + f.alice()), 403);
                refusedAdmin(t.with(authorization).get("/admin/profiles"), 403);
                refusedAdmin(t.with(authorization).get("/admin/audit"), 403);
                for (Response write : t.adminWrites(authorization)) {
                    refusedAdmin(write, 403);
                }
                assertEquals(before, t.state(), "a refused admin call changed something");
            });
        }
    }

    /** The admin writes the table tries with each credential it does not allow. */
    private List<Response> adminWrites(String authorization) {
        return List.of(
                with(authorization).contentType(ContentType.JSON).body("{\"nickname\":\"Pwned\"}").patch("/admin/profiles/" + f.alice()),
                with(authorization).contentType(ContentType.JSON).body("{\"directory_access\":true}").put("/admin/apps/" + f.app()),
                with(authorization).contentType(ContentType.JSON).body("{\"org_code\":\"pwn\",\"org_name\":\"Pwned\"}")
                        .put("/admin/orgs/" + f.app()),
                with(authorization).contentType("application/x-ndjson")
                        .body(("{\"type\":\"app\",\"app_id\":" + f.otherApp() + ",\"directory_access\":true}\n")
                                .getBytes(StandardCharsets.UTF_8)).post("/admin/import"),
                with(authorization).contentType(ContentType.JSON).body("{\"directory_access\":false}").put("/admin/apps/" + f.dirApp()));
    }

    /** /whoami: any valid access token (user, client or personal), about the caller itself. */
    private static void rowsWhoami(List<Case> all) {
        String row = "GET /whoami";
        add(all, row, "ALLOWED user token, client token and personal access token", t -> {
            for (String token : List.of(user(f.alice(), f.client()), client(f.client()), pat(f.alice()))) {
                Response r = t.whoami(bearer(token));
                assertEquals(200, r.statusCode(), r.asString());
            }
            assertEquals(f.client(), json(t.whoami(bearer(client(f.client())))).get("subject").asText());
        });
        String[] refused = {"no credential", "garbage bearer", "expired user token", "ID token", "token for another audience",
                "inactive personal access token", "operator admin token"};
        for (String credential : refused) {
            add(all, row, credential, t -> {
                String authorization = switch (credential) {
                    case "no credential" -> null;
                    case "garbage bearer" -> "Bearer not.a.token";
                    case "expired user token" -> bearer(expired(f.alice(), f.client()));
                    case "ID token" -> bearer(idToken(f.alice(), f.client()));
                    case "token for another audience" -> bearer(foreignAudience(f.alice(), f.client()));
                    case "inactive personal access token" -> bearer("pat_" + UUID.randomUUID().toString().replace("-", ""));
                    default -> bearer(ADMIN_TOKEN);
                };
                refusedToken(t.whoami(authorization), 401);
            });
        }
    }

    /** /q/*: public operations endpoints, no credential; a stranger learns nothing about a user there. */
    private static void rowsOperations(List<Case> all) {
        add(all, "/q/health/live, /q/health/ready, /q/metrics, /q/openapi, /q/swagger-ui", "ALLOWED no credential", t -> {
            for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
                Response r = t.given().get(path);
                assertEquals(200, r.statusCode(), path + ": " + r.asString());
                nothingAboutUsers(r);
            }
        });
    }
}
