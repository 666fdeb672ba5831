package dev.userinfo.auth.developer;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.token.IssuedTokenCounts;
import dev.userinfo.auth.user.UserDirectory;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The developer console (issue #18): registration with the key shown once, privileged scopes only requested, rotation
 * stopping the old key at once, redirect URIs, disabling, the detail's counts and prompt audit, the quick start;
 * another user's app is a 404 that changes nothing; every form needs its CSRF token; invalid input changes nothing.
 */
@QuarkusTest
class DeveloperConsolePageTest {

    static final String REDIRECT = "http://127.0.0.1:9876/callback";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    /** What a registration answer shows. */
    record Credentials(String clientId, long appid, String appKey) {
    }

    @BeforeEach
    void forgetFailuresFromThisAddress() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private static String csrf(PageBrowser browser) {
        Response page = browser.get("/developer");
        assertEquals(200, page.statusCode(), page.asString());
        return hidden(page.asString(), "csrf");
    }

    private static Map<String, Object> registration(String csrf, String name, String logoUrl, String redirectUris, List<String> scopes) {
        Map<String, Object> form = new LinkedHashMap<>();
        if (csrf != null) {
            form.put("csrf", csrf);
        }
        form.put("name", name);
        form.put("description", "An app of " + name);
        form.put("logo_url", logoUrl);
        form.put("redirect_uris", redirectUris);
        form.put("scope", scopes);
        return form;
    }

    private static String text(Response page, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(page.asString());
        assertTrue(m.find(), "no #" + id + " in " + page.asString());
        return m.group(1);
    }

    private static Credentials register(PageBrowser browser, List<String> scopes) {
        Response answer = browser.post("/developer/register", registration(csrf(browser), Fixtures.unique("Console app"), "",
                REDIRECT, scopes));
        assertEquals(200, answer.statusCode(), answer.asString());
        answer.then().header("Cache-Control", "no-store").contentType(containsString("text/html"));
        return new Credentials(text(answer, "client-id"), Long.parseLong(text(answer, "appid")), text(answer, "app-key"));
    }

    private Response clientToken(String clientId, String secret, String scope) {
        var request = TestHttps.given(url).auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials");
        if (scope != null) {
            request.formParam("scope", scope);
        }
        return request.post("/oauth2/token");
    }

    /** The app's row as text: "nothing changed" is this being equal. */
    private static String row(String clientId) {
        return Fixtures.count("SELECT count(*) FROM app WHERE client_id = :p1 AND enabled", clientId) + "/"
                + Fixtures.count("SELECT count(*) FROM app WHERE client_id = :p1 AND redirect_uris = ARRAY[:p2]::text[]", clientId, REDIRECT) + "/"
                + Fixtures.count("SELECT count(*) FROM app WHERE client_id = :p1 AND updated_at = created_at", clientId);
    }

    private static long appsOf(TestUser user) {
        return Fixtures.count("SELECT count(*) FROM app WHERE owner_user_id = :p1", user.id());
    }

    @Test
    void notSignedInThePagesGoToLoginAndTheFormsAreRefused() {
        PageBrowser stranger = new PageBrowser(url);
        for (String path : List.of("/developer", "/developer/register", "/developer/apps/demo-app", "/developer/apps/demo-app/quickstart")) {
            Response page = stranger.get(path);
            assertEquals(303, page.statusCode(), path);
            assertEquals("/login?return_to=" + PageBrowser.urlEncode(path), page.header("Location"), path);
        }
        long apps = Fixtures.count("SELECT count(*) FROM app");
        Response post = stranger.post("/developer/register", registration("x", "Nobody's app", "", REDIRECT, List.of("profile")));
        assertEquals(401, post.statusCode());
        assertEquals(401, stranger.post("/developer/apps/demo-app/rotate", Map.of("csrf", "x")).statusCode());
        assertEquals(apps, Fixtures.count("SELECT count(*) FROM app"));
        // The login page comes back to the console.
        TestUser alice = Fixtures.user("dev-login");
        Response login = new PageBrowser(url).login(alice.login(), alice.password(), "/developer/register");
        assertEquals("/developer/register", login.header("Location"));
    }

    @Test
    void registeringShowsTheCredentialsOnceAndTheKeyWorks() {
        TestUser alice = Fixtures.user("dev-alice");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("profile", "quota_read"));
        assertTrue(app.clientId().startsWith("app_"), app.clientId());
        assertEquals(43, app.appKey().length());
        assertEquals(alice.id(), Fixtures.count("SELECT owner_user_id FROM app WHERE client_id = :p1", app.clientId()));
        assertEquals(app.appid(), Fixtures.count("SELECT appid FROM app WHERE client_id = :p1", app.clientId()));
        clientToken(app.clientId(), app.appKey(), null).then().statusCode(200);

        // Never again: the list, the detail and the quick start say a key exists and never show it.
        for (String path : List.of("/developer", "/developer/apps/" + app.clientId(), "/developer/apps/" + app.clientId() + "/quickstart")) {
            Response page = browser.get(path);
            assertEquals(200, page.statusCode(), path);
            assertFalse(page.asString().contains(app.appKey()), path + " shows the key again");
            assertFalse(page.asString().contains("id=\"app-key\""), path);
            page.then().header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", containsString("default-src 'none'"));
        }
        Response detail = browser.get("/developer/apps/" + app.clientId());
        assertTrue(text(detail, "key-state").contains("An app key exists"), detail.asString());
        assertTrue(browser.get("/developer").asString().contains("data-client-id=\"" + app.clientId() + "\""));
        // Chinese too.
        Response zh = browser.language("zh-CN,zh;q=0.9").get("/developer/apps/" + app.clientId());
        assertTrue(zh.asString().contains("已有 app_key"), zh.asString());
        assertTrue(zh.asString().contains("开发者控制台"));
    }

    @Test
    void privilegedScopesAreOnlyRequestedUntilAnOperatorApprovesThem() {
        TestUser alice = Fixtures.user("dev-priv");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("profile", "quota_write", "org_read"));
        Response detail = browser.get("/developer/apps/" + app.clientId());
        assertEquals("profile", text(detail, "allowed-scopes"));
        assertEquals("quota_write org_read", text(detail, "requested-scopes"));

        // Not granted: neither at the token endpoint nor at the authorization endpoint.
        clientToken(app.clientId(), app.appKey(), "quota_write").then().statusCode(400).body("error", org.hamcrest.Matchers.equalTo("invalid_scope"));
        Response authorize = browser.get("/oauth2/authorize?response_type=code&client_id=" + app.clientId() + "&redirect_uri="
                + PageBrowser.urlEncode(REDIRECT) + "&scope=org_read&state=s");
        assertEquals(303, authorize.statusCode(), authorize.asString());
        assertEquals("invalid_scope", PageBrowser.one(PageBrowser.query(authorize.header("Location")), "error"));

        // The operator approves one of them.
        TestHttps.given(url).header("Authorization", "Bearer test-admin-token").contentType("application/json")
                .body("{\"scopes\":[\"quota_write\"]}").post("/admin/apps/" + app.clientId() + "/approve-scopes")
                .then().statusCode(200).body("scopes", org.hamcrest.Matchers.hasItems("profile", "quota_write"))
                .body("requested_scopes", org.hamcrest.Matchers.contains("org_read"))
                .body("owner_user_id", org.hamcrest.Matchers.equalTo((int) alice.id()));
        clientToken(app.clientId(), app.appKey(), "quota_write").then().statusCode(200).body("scope", org.hamcrest.Matchers.equalTo("quota_write"));
        // org_read still waits.
        clientToken(app.clientId(), app.appKey(), "org_read").then().statusCode(400);
        assertEquals("org_read", text(browser.get("/developer/apps/" + app.clientId()), "requested-scopes"));
    }

    @Test
    void anotherUsersAppIsA404AndNothingChanges() {
        TestUser alice = Fixtures.user("dev-owner");
        TestUser bob = Fixtures.user("dev-other");
        Credentials app = register(PageBrowser.signedIn(url, alice), List.of("profile"));
        String before = row(app.clientId());
        PageBrowser bobs = PageBrowser.signedIn(url, bob);
        String csrf = csrf(bobs);
        String base = "/developer/apps/" + app.clientId();
        for (String path : List.of(base, base + "/rotate", base + "/quickstart", "/developer/apps/no-such-app")) {
            Response page = bobs.get(path);
            assertEquals(404, page.statusCode(), path);
            page.then().contentType(containsString("text/html")).body(containsString("no such app"));
        }
        assertEquals(404, bobs.post(base + "/rotate", Map.of("csrf", csrf)).statusCode());
        assertEquals(404, bobs.post(base + "/disable", Map.of("csrf", csrf)).statusCode());
        assertEquals(404, bobs.post(base + "/redirect-uris", Map.of("csrf", csrf, "redirect_uris", "https://evil.example/cb")).statusCode());
        assertEquals(before, row(app.clientId()));
        clientToken(app.clientId(), app.appKey(), null).then().statusCode(200);
        assertFalse(bobs.get("/developer").asString().contains(app.clientId()), "bob's list shows alice's app");
        // An operator's app is nobody's in the console.
        assertEquals(404, bobs.get("/developer/apps/demo-app").statusCode());
    }

    @Test
    void everyFormNeedsItsCsrfToken() {
        TestUser alice = Fixtures.user("dev-csrf");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("profile"));
        long apps = appsOf(alice);
        String before = row(app.clientId());
        for (String csrf : new String[] {null, "wrong", csrf(PageBrowser.signedIn(url, Fixtures.user("dev-csrf-other")))}) {
            assertEquals(403, browser.post("/developer/register", registration(csrf, "CSRF app", "", REDIRECT, List.of("profile"))).statusCode());
            String base = "/developer/apps/" + app.clientId();
            Map<String, Object> form = new LinkedHashMap<>();
            if (csrf != null) {
                form.put("csrf", csrf);
            }
            assertEquals(403, browser.post(base + "/rotate", form).statusCode());
            assertEquals(403, browser.post(base + "/disable", form).statusCode());
            form.put("redirect_uris", "https://other.example/cb");
            assertEquals(403, browser.post(base + "/redirect-uris", form).statusCode());
        }
        assertEquals(apps, appsOf(alice));
        assertEquals(before, row(app.clientId()));
        clientToken(app.clientId(), app.appKey(), null).then().statusCode(200);
    }

    @Test
    void invalidInputIsShownAgainWithTheReasonAndChangesNothing() {
        TestUser alice = Fixtures.user("dev-invalid");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("profile"));
        long apps = appsOf(alice);
        String csrf = csrf(browser);
        Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
        bad.put("logo_url must be an https URL", registration(csrf, "Logo app", "http://logo.example/x.png", REDIRECT, List.of("profile")));
        bad.put("at least one redirect URI", registration(csrf, "No URI app", "", "  \n ", List.of("profile")));
        bad.put("fragment", registration(csrf, "Fragment app", "", "https://app.example/cb#x", List.of("profile")));
        bad.put("admin:write", registration(csrf, "Admin app", "", REDIRECT, List.of("profile", "admin:write")));
        bad.put("service scope", registration(csrf, "Service app", "", REDIRECT, List.of("service:quota_write")));
        bad.put("name is required", registration(csrf, " ", "", REDIRECT, List.of("profile")));
        for (Map.Entry<String, Map<String, Object>> entry : bad.entrySet()) {
            Response page = browser.post("/developer/register", entry.getValue());
            assertEquals(400, page.statusCode(), entry.getKey());
            assertTrue(text(page, "register-error").contains(entry.getKey()), entry.getKey() + ": " + text(page, "register-error"));
            assertFalse(page.asString().contains("id=\"app-key\""));
            // The form keeps what was typed.
            assertTrue(page.asString().contains("value=\"" + entry.getValue().get("name") + "\""), entry.getKey());
        }
        assertEquals(apps, appsOf(alice));

        String before = row(app.clientId());
        String base = "/developer/apps/" + app.clientId();
        for (String uris : List.of("not a uri", "https://ok.example/cb\nftp://x.example/cb", "")) {
            Response page = browser.post(base + "/redirect-uris", Map.of("csrf", csrf, "redirect_uris", uris));
            assertEquals(400, page.statusCode(), uris);
            assertFalse(text(page, "app-error").isEmpty());
        }
        assertEquals(before, row(app.clientId()));
        // A valid change goes through.
        Response saved = browser.post(base + "/redirect-uris", Map.of("csrf", csrf, "redirect_uris", REDIRECT + "\r\nhttps://app.example/cb\n"));
        assertEquals(303, saved.statusCode());
        assertEquals(base + "?saved", saved.header("Location"));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM app WHERE client_id = :p1 AND redirect_uris = ARRAY[:p2, 'https://app.example/cb']::text[]",
                app.clientId(), REDIRECT));
    }

    @Test
    void rotationShowsTheNewKeyOnceAndTheOldOneStopsAtOnce() {
        TestUser alice = Fixtures.user("dev-rotate");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("profile"));
        String base = "/developer/apps/" + app.clientId();
        Response confirm = browser.get(base + "/rotate");
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.asString().contains("action=\"" + base + "/rotate\""));
        Response rotated = browser.post(base + "/rotate", Map.of("csrf", hidden(confirm.asString(), "csrf")));
        assertEquals(200, rotated.statusCode());
        rotated.then().header("Cache-Control", "no-store");
        String newKey = text(rotated, "app-key");
        assertFalse(newKey.equals(app.appKey()));
        clientToken(app.clientId(), app.appKey(), null).then().statusCode(401).body("error", org.hamcrest.Matchers.equalTo("invalid_client"));
        clientToken(app.clientId(), newKey, null).then().statusCode(200);
        assertFalse(browser.get(base).asString().contains(newKey));
    }

    @Test
    void aDisabledAppGetsNoTokens() {
        TestUser alice = Fixtures.user("dev-disable");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("profile"));
        String base = "/developer/apps/" + app.clientId();
        Response disabled = browser.post(base + "/disable", Map.of("csrf", csrf(browser)));
        assertEquals(303, disabled.statusCode());
        assertEquals(base, disabled.header("Location"));
        clientToken(app.clientId(), app.appKey(), null).then().statusCode(401);
        Response page = browser.get(base);
        assertEquals("disabled", text(page, "status"));
        assertFalse(page.asString().contains("id=\"disable\""), "only an operator enables it again");
    }

    @Test
    void theDetailCountsUsersAndTokensPerDayAndShowsThePromptAudit() throws InterruptedException {
        TestUser alice = Fixtures.user("dev-detail");
        TestUser user = Fixtures.user("dev-detail-user");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("profile", "user_info_read"));
        Fixtures.execute("INSERT INTO consent (user_id, appid, scopes, granted_at, updated_at) VALUES (:p1, :p2, '{profile}', now(), now())",
                user.id(), app.appid());
        for (int i = 0; i < 3; i++) {
            clientToken(app.clientId(), app.appKey(), null).then().statusCode(200);
        }
        Fixtures.await(() -> Arc.container().instance(IssuedTokenCounts.class).get().flush());
        Fixtures.execute("INSERT INTO authorization_prompt (id, appid, user_id, scopes, redirect_uri, state, status, pushed, expires_at) "
                + "VALUES (:p1, :p2, :p3, '{user_info_read}', :p4, 'st', 'expired', false, now())", "pr_devconsoletest" + app.appid(),
                app.appid(), user.id(), REDIRECT);
        Fixtures.execute("INSERT INTO authorization_prompt_event (prompt_id, event, detail) VALUES (:p1, 'opened', 'offline')",
                "pr_devconsoletest" + app.appid());

        // A scheduled flush may hold the counts a moment longer than ours: look again until they are written.
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Pattern todayRow = Pattern.compile("<tr data-day=\"" + today + "\"><td>" + today + "</td><td class=\"issued\">(\\d+)</td>");
        Response page = browser.get("/developer/apps/" + app.clientId());
        for (int i = 0; i < 50 && !todayRow.matcher(page.asString()).results().anyMatch(m -> m.group(1).equals("3")); i++) {
            Thread.sleep(100);
            page = browser.get("/developer/apps/" + app.clientId());
        }
        assertEquals(200, page.statusCode());
        assertEquals("1", text(page, "users"));
        Matcher issued = todayRow.matcher(page.asString());
        assertTrue(issued.find(), page.asString());
        assertEquals("3", issued.group(1));
        assertEquals(14, page.asString().split("<tr data-day=").length - 1);
        assertTrue(page.asString().contains("data-request-id=\"pr_devconsoletest" + app.appid() + "\""), page.asString());
        assertTrue(page.asString().contains("opened: offline"));
    }

    @Test
    void theQuickStartIsFilledWithTheAppsIdsAndTheDeploymentsUrls() {
        TestUser alice = Fixtures.user("dev-qs");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        Credentials app = register(browser, List.of("openid", "profile", "snsapi_userinfo"));
        Response page = browser.get("/developer/apps/" + app.clientId() + "/quickstart");
        assertEquals(200, page.statusCode());
        String html = page.asString();
        for (String id : List.of("qs-oidc", "qs-000", "qs-001", "qs-002", "qs-003", "qs-004")) {
            assertTrue(html.contains("<section id=\"" + id + "\""), id);
        }
        String issuer = TestHttps.given(url).get("/.well-known/openid-configuration").jsonPath().getString("issuer");
        assertTrue(html.contains(issuer + "/.well-known/openid-configuration"), html);
        assertTrue(html.contains(issuer + "/userservices/v2/authorization/token?app_id=" + app.appid() + "&amp;app_key=$APP_KEY&amp;code=$CODE"), html);
        assertTrue(html.contains("https://localhost:8444/chatroom/api/account/info?client_id=" + app.clientId()));
        assertTrue(html.contains("https://localhost:8445/api/user/self"));
        assertTrue(html.contains("X-App-Id: " + app.appid()));
        assertTrue(html.contains("redirect_uri=" + PageBrowser.urlEncode(REDIRECT)));
        assertFalse(html.contains(app.appKey()));
        // Scopes the app lacks are named.
        assertTrue(html.contains("Your app does not have the scope quota_read yet."));
        assertFalse(html.contains("Your app does not have the scope snsapi_userinfo yet."));
    }

    @Test
    void deletingTheOwnerLeavesTheAppServingItsUsers() {
        TestUser alice = Fixtures.user("dev-deleted");
        Credentials app = register(PageBrowser.signedIn(url, alice), List.of("profile"));
        Fixtures.await(() -> Arc.container().instance(UserDirectory.class).get().delete(alice.id()));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM app WHERE client_id = :p1 AND owner_user_id IS NULL AND enabled", app.clientId()));
        clientToken(app.clientId(), app.appKey(), null).then().statusCode(200);
    }
}
