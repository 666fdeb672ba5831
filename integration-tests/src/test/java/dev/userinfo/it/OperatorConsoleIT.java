package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.local.LocalPlatform;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The operator console in a real headless Chromium against the packaged platform (issue #18, done when 2–4): an
 * operator finds a user, adds them to an organisation with a role (seed 002's orgList changes), adjusts their quota
 * (the ledger row names the operator), approves an app's requested privileged scope and disables the user (both
 * resource services refuse the user's token within a second); an auditor reads every page and every write is refused
 * with 403, changing nothing; a user without a platform role gets 403 on every console and admin path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Bearer dev-admin-token";
    private static final String DEMO_REDIRECT = "http://127.0.0.1:8765/callback";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CSRF = Pattern.compile("<input type=\"hidden\" name=\"csrf\" value=\"([^\"]*)\"");

    private final Path work = Path.of("target/operator-console-it").toAbsolutePath();
    private final String run = Long.toUnsignedString(RANDOM.nextLong(), 36).substring(0, 6);
    private final List<String> secrets = new ArrayList<>(List.of("dev-admin-token"));

    private Path root;
    private LocalPlatform platform;
    private String auth;
    private String userinfo;
    private String quota;
    private Chromium chromium;
    private ChromeDriver browser;

    private Account operator;
    private Account auditor;
    private Account tess;
    private Account outsider;
    /** What scenario 2 made, which the auditor then tries to change. */
    private String orgId;
    private String roleId;
    private String appClientId;

    private record Account(long id, String login, String password) {
    }

    @BeforeAll
    void start() throws Exception {
        root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        deleteRecursively(work);
        Files.createDirectories(work);
        platform = LocalPlatform.start(LocalPlatform.Options.ephemeral(root, work));
        auth = platform.url(LocalPlatform.AUTH);
        userinfo = platform.url(LocalPlatform.USERINFO);
        quota = platform.url(LocalPlatform.QUOTA);
        operator = createUser("olivia-" + run, "operator");
        auditor = createUser("audrey-" + run, "auditor");
        tess = createUser("tess-" + run, null);
        outsider = createUser("ursula-" + run, null);
        chromium = Chromium.start(work, root.resolve(".local/tls/ca.crt"));
        browser = chromium.driver();
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (platform != null) {
            platform.close();
            for (String service : List.of(LocalPlatform.AUTH, LocalPlatform.USERINFO, LocalPlatform.QUOTA)) {
                String log = Files.readString(work.resolve("logs").resolve(service + ".log"));
                for (String secret : secrets) {
                    assertFalse(log.contains(secret), service + " logged credential #" + secrets.indexOf(secret));
                }
            }
        }
    }

    @Test
    @Order(1)
    void anOperatorFindsAUserChangesTheirOrganisationQuotaAndAppAndDisablesThem() throws Exception {
        String tessToken = new PageClient(platform.client(), auth).userAccessToken("demo-app", "demo-secret", DEMO_REDIRECT,
                "profile org_read user_info_read", tess.login(), tess.password());
        secrets.add(tessToken);
        signIn(operator, "/operator");
        assertEquals("operator", browser.findElement(By.id("operator-role")).getAttribute("data-role"));

        // --- Find the user by part of her login.
        browser.get(auth + "/operator/users");
        type(By.id("q"), "tess-" + run);
        browser.findElement(By.id("search")).click();
        chromium.await(By.cssSelector("tr[data-user-id='" + tess.id() + "']"));
        chromium.screenshot(root, "operator-users");
        browser.findElement(By.cssSelector("tr[data-user-id='" + tess.id() + "'] a")).click();
        chromium.await(By.cssSelector("#user[data-user-id='" + tess.id() + "']"));
        noProblems();

        // --- An organisation and a role (userinfo-service), then tess in it with that role: seed 002's orgList shows it.
        orgId = Integer.toString(70000 + RANDOM.nextInt(20000));
        roleId = Integer.toString(70000 + RANDOM.nextInt(20000));
        String orgCode = "it-org-" + run;
        String roleCode = "it-role-" + run;
        browser.get(auth + "/operator/orgs");
        chromium.await(By.id("create-org"));
        type(By.id("org-id"), orgId);
        type(By.id("org-code"), orgCode);
        type(By.id("org-name"), "IT organisation");
        browser.findElement(By.id("create-org")).click();
        chromium.await(By.id("notice"));
        type(By.id("role-id"), roleId);
        type(By.id("role-code"), roleCode);
        type(By.id("role-name"), "IT role");
        browser.findElement(By.id("create-role")).click();
        chromium.await(By.id("notice"));
        noProblems();
        chromium.screenshot(root, "operator-orgs");
        assertFalse(seed002OrgCodes(tessToken).contains(orgCode));
        browser.get(auth + "/operator/users/" + tess.id());
        chromium.await(By.cssSelector("#member-org option[value='" + orgId + "']")).click();
        browser.findElement(By.cssSelector("#member-role option[value='" + roleId + "']")).click();
        browser.findElement(By.id("add-to-org")).click();
        chromium.await(By.id("notice"));
        noProblems();
        assertTrue(browser.findElement(By.id("memberships-table")).getText().contains(orgCode));
        chromium.screenshot(root, "operator-user");
        JsonNode orgList = seed002(tessToken).at("/data/orgList");
        JsonNode org = null;
        for (JsonNode entry : orgList) {
            if (orgCode.equals(entry.get("orgCode").asText())) {
                org = entry;
            }
        }
        assertNotNull(org, "seed 002's orgList lacks the organisation: " + orgList);
        assertEquals(roleCode, org.at("/roleList/0/roleCode").asText(), org.toString());

        // --- Quota: the account (delivered from auth-service), an adjustment, the ledger row with the operator as actor.
        browser.get(auth + "/operator/quota/" + tess.id());
        awaitAccount();
        type(By.id("delta"), "123");
        type(By.id("reason"), "IT goodwill " + run);
        browser.findElement(By.id("adjust")).click();
        chromium.await(By.id("notice"));
        noProblems();
        Map<String, String> row = firstRow("ledger-table");
        assertEquals("123", row.get("quota_delta"), row.toString());
        assertEquals("IT goodwill " + run, row.get("reason"));
        assertTrue(row.get("actor").endsWith(":" + operator.id()), "the ledger row's actor is not the operator: " + row);
        chromium.screenshot(root, "operator-quota");

        // --- An app that requested a privileged scope; the operator approves it.
        appClientId = registerAppRequesting("quota_write");
        assertFalse(appScopes(appClientId).contains("quota_write"), "a requested privileged scope works before approval");
        browser.get(auth + "/operator/apps");
        chromium.await(By.cssSelector("tr[data-client-id='" + appClientId + "'] button.approve")).click();
        chromium.await(By.id("notice"));
        noProblems();
        assertTrue(appScopes(appClientId).contains("quota_write"), "approved, yet not granted");

        // --- Disable tess: both resource services refuse her token within a second.
        for (String service : List.of(userinfo, quota)) {
            assertEquals(200, whoami(service, tessToken), service + " refused tess's token before she was disabled");
        }
        browser.get(auth + "/operator/users/" + tess.id());
        chromium.await(By.id("disable-user")).click();
        chromium.await(By.id("notice"));
        long disabledAt = System.nanoTime();
        assertEquals("disabled", browser.findElement(By.id("user-status")).getText());
        Map<String, Long> refusedAfter = new LinkedHashMap<>();
        while (refusedAfter.size() < 2 && System.nanoTime() - disabledAt < Duration.ofSeconds(1).toNanos()) {
            for (String service : List.of(userinfo, quota)) {
                if (!refusedAfter.containsKey(service) && whoami(service, tessToken) == 401) {
                    refusedAfter.put(service, Duration.ofNanos(System.nanoTime() - disabledAt).toMillis());
                }
            }
            Thread.sleep(25);
        }
        assertEquals(2, refusedAfter.size(), "still accepted 1 s after the disable: refused so far " + refusedAfter);

        // --- The audit trail of the three services names the operator for each change.
        browser.get(auth + "/operator/audit?actor=" + URLEncoder.encode("operator:" + operator.id(), StandardCharsets.UTF_8));
        String trail = chromium.await(By.id("audit-table")).getText();
        for (String action : List.of("user.disable", "quota.adjust", "app.approve-scopes", "org.create")) {
            assertTrue(trail.contains(action), "the audit trail lacks " + action + ":\n" + trail);
        }
        noProblems();
        chromium.screenshot(root, "operator-audit");
    }

    @Test
    @Order(2)
    void anAuditorReadsEveryPageAndEveryWriteIsRefusedWith403() throws Exception {
        assertNotNull(orgId, "scenario 2 did not get far enough to leave anything to try");
        browser.manage().deleteAllCookies();
        signIn(auditor, "/operator");
        assertEquals("auditor", browser.findElement(By.id("operator-role")).getAttribute("data-role"));
        for (String page : List.of("/operator", "/operator/users?q=tess-" + run, "/operator/users/" + tess.id(),
                "/operator/apps", "/operator/orgs?app=1", "/operator/quota?q=" + tess.login(), "/operator/quota/" + tess.id(),
                "/operator/prompts", "/operator/deliveries", "/operator/keys", "/operator/audit")) {
            browser.get(auth + page);
            chromium.await(By.id("operator-role"));
            noProblems();
        }
        State before = state();

        // In the browser: the refusal is on the page.
        browser.get(auth + "/operator/users/" + tess.id());
        chromium.await(By.id("enable-user")).click();
        assertTrue(chromium.await(By.cssSelector("#problems .problem")).getText().contains("403"),
                browser.findElement(By.id("problems")).getText());
        browser.get(auth + "/operator/quota/" + tess.id());
        awaitAccount();
        type(By.id("delta"), "5");
        type(By.id("reason"), "auditor try");
        browser.findElement(By.id("adjust")).click();
        assertTrue(chromium.await(By.cssSelector("#problems .problem")).getText().contains("403"),
                browser.findElement(By.id("problems")).getText());

        // Every other form, posted with the auditor's session and its CSRF token: 403 each.
        Map<String, String> session = session(auditor);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", "made-by-auditor-" + run);
        fields.put("password", "auditor-password-123");
        fields.put("confirm", "yes");
        fields.put("org_id", orgId);
        fields.put("role_id", roleId);
        fields.put("org_code", "auditor-org");
        fields.put("org_name", "x");
        fields.put("role_code", "auditor-role");
        fields.put("role_name", "x");
        fields.put("scope", "quota_write");
        fields.put("delta", "5");
        fields.put("reason", "auditor try");
        fields.put("client_id", "demo-app");
        int tried = 0;
        for (String[] operation : consoleOperations(tess.id(), appClientId)) {
            if (operation[0].equals("POST")) {
                Map<String, String> form = new LinkedHashMap<>(fields);
                if (operation[1].equals("/operator/orgs/roles")) {
                    form.put("role_id", Integer.toString(90000 + RANDOM.nextInt(9000)));
                } else if (operation[1].equals("/operator/orgs")) {
                    form.put("org_id", Integer.toString(90000 + RANDOM.nextInt(9000)));
                }
                HttpResponse<String> answer = post(session, operation[1], form);
                assertEquals(403, answer.statusCode(), operation[1] + ": " + problems(answer.body()));
                assertTrue(problems(answer.body()).contains("403"), operation[1] + ": " + problems(answer.body()));
                tried++;
            }
        }
        assertEquals(15, tried);
        assertEquals(before, state(), "an auditor's refused write changed something");
    }

    @Test
    @Order(3)
    void aUserWithoutAPlatformRoleGets403OnEveryConsoleAndAdminPath() throws Exception {
        State before = state();
        Map<String, String> session = session(outsider);
        for (String[] operation : consoleOperations(outsider.id(), "demo-app")) {
            HttpResponse<String> answer = operation[0].equals("GET") ? get(session, operation[1])
                    : post(session, operation[1], Map.of("confirm", "yes", "org_id", "1", "role_id", "1", "delta", "1", "reason", "x"));
            assertEquals(403, answer.statusCode(), operation[0] + " " + operation[1]);
        }
        PageClient pages = new PageClient(platform.client(), auth);
        String personal = pages.personalAccessToken(outsider.login(), outsider.password(), "profile");
        String access = new PageClient(platform.client(), auth).userAccessToken("demo-app", "demo-secret", DEMO_REDIRECT,
                "profile quota_read", outsider.login(), outsider.password());
        secrets.addAll(List.of(personal, access));
        int tried = 0;
        for (String service : List.of(auth, userinfo, quota)) {
            for (String[] operation : adminOperations(service)) {
                // Her personal token carries no admin scope: 403 insufficient_scope at every service.
                assertEquals(403, admin(service, operation, personal).statusCode(), service + " " + operation[0] + " " + operation[1]);
                // Her app token: genuine but an app's, not an operator's (and at auth-service not for it, RFC 9068 §4): 403.
                assertEquals(403, admin(service, operation, access).statusCode(),
                        service + " " + operation[0] + " " + operation[1] + " with an app's user token");
                tried++;
            }
        }
        assertTrue(tried >= 40, "too few admin operations found: " + tried);
        assertEquals(before, state(), "a refused call changed something");
    }

    // ---------------------------------------------------------------- what "nothing changed" compares

    private record State(String tessStatus, long users, String keys, long orgs, String appScopes, String account) {
    }

    private State state() throws Exception {
        JsonNode user = JSON.readTree(adminCall("GET", auth + "/admin/users/" + tess.id(), null).body());
        long users = JSON.readTree(adminCall("GET", auth + "/admin/users?page_size=1", null).body()).get("total").asLong();
        String keys = adminCall("GET", auth + "/admin/keys", null).body();
        long orgs = JSON.readTree(adminCall("GET", userinfo + "/admin/orgs?page_size=1", null).body()).get("total").asLong();
        String scopes = appClientId == null ? "" : appScopes(appClientId).toString();
        // The quota account as the auditor's page shows it (account-quota-service has no static credential).
        return new State(user.get("status").asText(), users, keys, orgs, scopes, quotaAccount());
    }

    private String quotaAccount() throws Exception {
        Map<String, String> session = session(auditor);
        String body = get(session, "/operator/quota/" + tess.id()).body();
        Matcher table = Pattern.compile("<table id=\"account-table\">(.*?)</table>", Pattern.DOTALL).matcher(body);
        Matcher ledger = Pattern.compile("<table id=\"ledger-table\">(.*?)</table>", Pattern.DOTALL).matcher(body);
        return (table.find() ? table.group(1) : "") + (ledger.find() ? ledger.group(1) : "");
    }

    // ---------------------------------------------------------------- browser

    private void signIn(Account account, String page) throws Exception {
        browser.get(auth + page);
        chromium.await(By.id("sign-in"));
        type(By.id("login"), account.login());
        type(By.id("password"), account.password());
        browser.findElement(By.id("sign-in")).click();
        chromium.await(By.id("operator-role"));
    }

    private void type(By field, String text) {
        WebElement element = browser.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    private void noProblems() {
        List<WebElement> problems = browser.findElements(By.id("problems"));
        if (!problems.isEmpty()) {
            fail("the page " + browser.getCurrentUrl().replaceFirst("\\?.*", "") + " shows refusals: " + problems.get(0).getText());
        }
    }

    /** The quota account appears once auth-service delivered the user: reload until it does. */
    private void awaitAccount() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (browser.findElements(By.id("account-table")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            browser.navigate().refresh();
        }
        chromium.await(By.id("account-table"));
    }

    /** The first row of a table as column name → cell text. */
    private Map<String, String> firstRow(String tableId) throws Exception {
        WebElement table = chromium.await(By.id(tableId));
        List<WebElement> headers = table.findElements(By.cssSelector("th"));
        List<WebElement> cells = table.findElements(By.cssSelector("tr:nth-of-type(2) td"));
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < headers.size() && i < cells.size(); i++) {
            row.put(headers.get(i).getText(), cells.get(i).getText());
        }
        return row;
    }

    // ---------------------------------------------------------------- HTTP

    private Account createUser(String login, String platformRole) throws Exception {
        String password = login + "-password";
        secrets.add(password);
        HttpResponse<String> created = adminCall("POST", auth + "/admin/users", JSON.writeValueAsString(Map.of(
                "login", login, "password", password, "display_name", login, "email", login + "@example.com")));
        assertEquals(201, created.statusCode(), created.body());
        long id = JSON.readTree(created.body()).get("id").asLong();
        if (platformRole != null) {
            HttpResponse<String> role = adminCall("PUT", auth + "/admin/users/" + id + "/platform-role",
                    JSON.writeValueAsString(Map.of("platform_role", platformRole)));
            assertEquals(200, role.statusCode(), "PUT /admin/users/{id}/platform-role (auth-operator's): " + role.body());
        }
        return new Account(id, login, password);
    }

    /**
     * An app that asked for {@code scope} without getting it, as the developer console registers one (issue #18,
     * developer-console's approval model: {@code requested_scopes} beside the granted {@code scopes}).
     */
    /** The signed-in operator registers an app in the developer console, as any user can, asking for {@code scope}. */
    private String registerAppRequesting(String scope) throws Exception {
        browser.get(auth + "/developer/register");
        chromium.await(By.id("name")).sendKeys("Console IT " + run);
        browser.findElement(By.id("redirect_uris")).sendKeys("https://console-it.example/callback");
        for (String requested : List.of("profile", scope)) {
            browser.findElement(By.cssSelector("input[name='scope'][value='" + requested + "']")).click();
        }
        browser.findElement(By.id("register")).click();
        String clientId = chromium.await(By.id("client-id")).getText();
        secrets.add(browser.findElement(By.id("app-key")).getText());
        return clientId;
    }

    private List<String> appScopes(String clientId) throws Exception {
        HttpResponse<String> app = adminCall("GET", auth + "/admin/apps/" + clientId, null);
        assertEquals(200, app.statusCode(), app.body());
        List<String> scopes = new ArrayList<>();
        JSON.readTree(app.body()).get("scopes").forEach(s -> scopes.add(s.asText()));
        return scopes;
    }

    private JsonNode seed002(String token) throws Exception {
        HttpResponse<String> answer = platform.client().send(HttpRequest.newBuilder(URI.create(userinfo + "/user/info?accessToken="
                        + token + "&userId=" + tess.id())).header("X-App-Id", "demo-app").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private List<String> seed002OrgCodes(String token) throws Exception {
        List<String> codes = new ArrayList<>();
        seed002(token).at("/data/orgList").forEach(o -> codes.add(o.get("orgCode").asText()));
        return codes;
    }

    private int whoami(String service, String token) throws Exception {
        return platform.client().send(HttpRequest.newBuilder(URI.create(service + "/whoami"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpResponse<String> adminCall(String method, String url, String json) throws Exception {
        return platform.client().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", ADMIN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed-in session of {@code account} for plain HTTP requests: its Cookie header and its CSRF token. */
    private Map<String, String> session(Account account) throws Exception {
        String cookies = new PageClient(platform.client(), auth).sessionCookies(account.login(), account.password());
        HttpResponse<String> page = platform.client().send(HttpRequest.newBuilder(URI.create(auth + "/account/tokens"))
                .header("Cookie", cookies).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        assertTrue(csrf.find(), "no CSRF token on /account/tokens");
        return Map.of("cookie", cookies, "csrf", csrf.group(1));
    }

    private HttpResponse<String> get(Map<String, String> session, String path) throws Exception {
        return platform.client().send(HttpRequest.newBuilder(URI.create(auth + path)).header("Cookie", session.get("cookie"))
                .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Map<String, String> session, String path, Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder("csrf=" + form(session.get("csrf")));
        fields.forEach((name, value) -> body.append('&').append(form(name)).append('=').append(form(value)));
        return platform.client().send(HttpRequest.newBuilder(URI.create(auth + path)).header("Cookie", session.get("cookie"))
                .header("Accept-Language", "en").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The refusals a console page shows (its #problems list), as text. */
    private static String problems(String html) {
        Matcher m = Pattern.compile("<li class=\"problem\">([^<]*)</li>").matcher(html);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            text.append(m.group(1)).append('\n');
        }
        return text.toString();
    }

    /** Every /operator operation auth-service's OpenAPI document lists, path parameters filled in. */
    private List<String[]> consoleOperations(long userId, String clientId) throws Exception {
        List<String[]> operations = new ArrayList<>();
        for (String[] operation : openApiOperations(auth, "/operator")) {
            operations.add(new String[] {operation[0],
                    operation[1].replace("{id}", Long.toString(userId)).replace("{clientId}", clientId), operation[2]});
        }
        assertTrue(operations.size() >= 24, "too few console operations: " + operations.size());
        return operations;
    }

    /** Every admin operation of a service's OpenAPI document (/admin, account-quota-service's /api/admin). */
    private List<String[]> adminOperations(String service) throws Exception {
        List<String[]> operations = new ArrayList<>();
        for (String prefix : List.of("/admin", "/api/admin")) {
            for (String[] operation : openApiOperations(service, prefix)) {
                operations.add(new String[] {operation[0],
                        operation[1].replaceAll("\\{[^}]*client[^}]*}", "demo-app").replaceAll("\\{[^}]*}", "1"), operation[2]});
            }
        }
        return operations;
    }

    /** method, path and the first request media type (or "") of each operation under {@code prefix}. */
    private List<String[]> openApiOperations(String service, String prefix) throws Exception {
        HttpResponse<String> document = platform.client().send(HttpRequest.newBuilder(URI.create(service + "/q/openapi?format=json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode(), service);
        JsonNode paths = JSON.readTree(document.body()).get("paths");
        List<String[]> operations = new ArrayList<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String path = names.next();
            if (!(path.equals(prefix) || path.startsWith(prefix + "/"))) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> methods = paths.get(path).fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    continue; // path-level parameters, summary
                }
                Iterator<String> media = method.getValue().path("requestBody").path("content").fieldNames();
                operations.add(new String[] {method.getKey().toUpperCase(), path, media.hasNext() ? media.next() : ""});
            }
        }
        return operations;
    }

    private HttpResponse<String> admin(String service, String[] operation, String token) throws Exception {
        String type = operation[2].isEmpty() || operation[2].contains("*") ? "application/json" : operation[2];
        String body = type.contains("json") && !type.contains("ndjson") && !type.contains("lines") ? "{}" : "";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service + operation[1]))
                .header("Authorization", "Bearer " + token);
        if (operation[0].equals("GET") || operation[0].equals("DELETE")) {
            request.method(operation[0], HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", type).method(operation[0], HttpRequest.BodyPublishers.ofString(body));
        }
        return platform.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
