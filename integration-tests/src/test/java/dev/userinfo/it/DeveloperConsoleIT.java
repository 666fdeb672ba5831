package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.userinfo.local.LocalPlatform;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue #18, done-when (1), in a real headless Chromium over HTTPS it trusts: alice opens the developer console,
 * registers an app with a loopback redirect URI and copies its credentials from the page; the app runs seed 001's two
 * steps with them (bob authorizes it in the browser, the app exchanges the code); alice rotates the key and the old one
 * is refused at once. Screenshots of the console's pages on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeveloperConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work = Path.of("target/developer-console-it").toAbsolutePath();
    /** Every credential the run handles; none may reach a service log. */
    private final List<String> secrets = new ArrayList<>(List.of("alice-password", "bob-password"));

    private Path root;
    private LocalPlatform platform;
    private String auth;
    private String userinfo;
    private HttpServer callback;
    private final BlockingQueue<String> callbackQueries = new LinkedBlockingQueue<>();
    private String redirectUri;
    private Chromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        deleteRecursively(work);
        Files.createDirectories(work);
        platform = LocalPlatform.start(LocalPlatform.Options.ephemeral(root, work));
        auth = platform.url(LocalPlatform.AUTH);
        userinfo = platform.url(LocalPlatform.USERINFO);

        // The app's redirect target: a loopback HTTP callback (RFC 8252 §7.3), recording the raw query it got.
        callback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        callback.createContext("/callback", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            callbackQueries.add(query == null ? "" : query);
            byte[] page = "<!DOCTYPE html><html><head><title>App callback</title></head><body><p id=\"done\">received</p></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        callback.start();
        redirectUri = "http://127.0.0.1:" + callback.getAddress().getPort() + "/callback";

        chromium = Chromium.start(work, root.resolve(".local/tls/ca.crt"));
        browser = chromium.driver();
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (callback != null) {
            callback.stop(0);
        }
        if (platform != null) {
            platform.close();
            for (String service : List.of(LocalPlatform.AUTH, LocalPlatform.USERINFO, LocalPlatform.QUOTA)) {
                String log = Files.readString(work.resolve("logs").resolve(service + ".log"));
                for (String secret : secrets) {
                    // Index only: the message must not repeat the secret itself.
                    assertFalse(log.contains(secret), service + " logged credential #" + secrets.indexOf(secret));
                }
            }
        }
    }

    @Test
    void aUserRegistersAnAppRunsSeed001WithItsCredentialsAndRotatesTheKey() throws Exception {
        // --- alice opens the developer console: the login page first, then back to the console.
        browser.get(auth + "/developer");
        signIn("alice");
        chromium.await(By.id("register-link")).click();

        // --- She registers an app with a loopback redirect URI, by keyboard-usable, labelled controls.
        String name = "Console IT " + Long.toUnsignedString(System.nanoTime(), 36);
        chromium.await(By.id("name")).sendKeys(name);
        browser.findElement(By.id("description")).sendKeys("Registered by DeveloperConsoleIT");
        browser.findElement(By.id("redirect_uris")).sendKeys(redirectUri);
        for (String scope : List.of("profile", "snsapi_userinfo", "quota_write")) {
            browser.findElement(By.cssSelector("input[name='scope'][value='" + scope + "']")).click();
        }
        assertEquals(name, browser.findElement(By.cssSelector("label[for='name'] + input")).getAttribute("value"));
        chromium.screenshot(root, "developer-register");
        browser.findElement(By.id("register")).click();

        // --- The answer shows client_id, appid and app_key, once.
        String clientId = chromium.await(By.id("client-id")).getText();
        String appid = browser.findElement(By.id("appid")).getText();
        String appKey = browser.findElement(By.id("app-key")).getText();
        secrets.add(appKey);
        assertTrue(appid.matches("[1-9][0-9]*"), appid);
        assertEquals(43, appKey.length());

        // --- The console: her apps, the app's page (the key never again), the quick start.
        browser.get(auth + "/developer");
        chromium.await(By.cssSelector("tr[data-client-id='" + clientId + "']"));
        chromium.screenshot(root, "developer-apps");
        browser.findElement(By.linkText(name)).click();
        chromium.await(By.id("key-state"));
        assertFalse(browser.getPageSource().contains(appKey), "the app's page shows the key again");
        assertEquals("quota_write", browser.findElement(By.id("requested-scopes")).getText(),
                "quota_write waits for an operator's approval");
        chromium.screenshot(root, "developer-app");
        browser.findElement(By.id("quickstart-link")).click();
        chromium.await(By.id("qs-001"));
        String quickStart = browser.findElement(By.id("qs-001")).getText();
        assertTrue(quickStart.contains(auth + "/userservices/v2/authorization/token?app_id=" + appid + "&app_key=$APP_KEY&code=$CODE"),
                quickStart);
        assertTrue(browser.findElement(By.id("qs-000")).getText().contains(userinfo + "/chatroom/api/account/info?client_id=" + clientId));
        chromium.screenshot(root, "developer-quickstart");

        // --- Seed 001 第一步 with the copied appid: bob authorizes the app in the browser.
        signOut();
        String state = "st-" + Long.toUnsignedString(System.nanoTime(), 36);
        browser.get(auth + "/userservices/v2/authorization/authorize?app_id=" + appid + "&scope=snsapi_userinfo&state=" + state);
        signIn("bob");
        chromium.await(By.id("allow")).click();
        String query = callbackQueries.poll(20, TimeUnit.SECONDS);
        assertNotNull(query, "the browser never reached the app's callback; it is at " + browser.getCurrentUrl());
        Map<String, List<String>> params = parseQuery(query);
        assertEquals(List.of("0"), params.get("err_code"), query.replaceAll("code=[^&]*", "code=…"));
        assertEquals(List.of(state), params.get("state"));
        String code = params.get("code").get(0);
        secrets.add(code);

        // --- 第二步 with the copied app_key: the token, which seed 001's userinfo accepts as bob.
        HttpResponse<String> exchanged = get(auth + "/userservices/v2/authorization/token?app_id=" + appid + "&app_key="
                + form(appKey) + "&code=" + form(code));
        assertEquals(200, exchanged.statusCode(), exchanged.statusCode() == 200 ? "" : exchanged.body());
        JsonNode token = JSON.readTree(exchanged.body());
        String accessToken = token.get("token").asText();
        secrets.add(accessToken);
        assertEquals("snsapi_userinfo", token.get("scope").asText());
        HttpResponse<String> info = send(HttpRequest.newBuilder(URI.create(userinfo + "/userservices/v2/authorization/userinfo"))
                .header("Authorization", accessToken).build());
        assertEquals(200, info.statusCode(), info.body());
        assertEquals(token.get("open_id").asText(), JSON.readTree(info.body()).get("open_id").asText());
        assertEquals(200, clientToken(clientId, appKey).statusCode(), "the key works before the rotation");

        // --- alice rotates the key (confirm step); the old one is refused at once, the new one works.
        signOut();
        browser.get(auth + "/developer/apps/" + clientId + "/rotate");
        signIn("alice");
        chromium.await(By.id("rotate")).click();
        String newKey = chromium.await(By.id("app-key")).getText();
        secrets.add(newKey);
        assertNotEquals(appKey, newKey);
        assertEquals(401, clientToken(clientId, appKey).statusCode(), "the old key still works at /oauth2/token");
        HttpResponse<String> oldKey = get(auth + "/userservices/v2/authorization/token?app_id=" + appid + "&app_key="
                + form(appKey) + "&code=" + form(code));
        assertEquals(400, oldKey.statusCode());
        assertEquals(40002, JSON.readTree(oldKey.body()).get("err_code").asInt(), "seed 001 refuses the old app_key");
        HttpResponse<String> fresh = clientToken(clientId, newKey);
        assertEquals(200, fresh.statusCode());
        secrets.add(JSON.readTree(fresh.body()).get("access_token").asText());
    }

    /** On the login page: sign in as {@code login} (demo password); returns when the login page is gone. */
    private void signIn(String login) throws InterruptedException {
        chromium.await(By.id("sign-in"));
        browser.findElement(By.id("login")).sendKeys(login);
        browser.findElement(By.id("password")).sendKeys(login + "-password");
        browser.findElement(By.id("sign-in")).click();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!browser.findElements(By.id("sign-in")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void signOut() throws InterruptedException {
        browser.get(auth + "/developer");
        chromium.await(By.id("logout")).click();
        chromium.await(By.id("sign-in"));
    }

    private HttpResponse<String> clientToken(String clientId, String secret) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/token")).header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(uri)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return platform.client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
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
