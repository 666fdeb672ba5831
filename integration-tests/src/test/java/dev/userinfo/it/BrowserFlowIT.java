package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A user authorizes a third-party app in a real headless Chromium, over real HTTPS that Chromium trusts through the
 * local CA (no certificate errors ignored): login page, consent page, back to the app's loopback callback with code,
 * state and iss. The app then does what a real one does: code + PKCE for tokens, checks the ID token against the
 * JWKS, calls both resource services, refreshes, revokes, and sees the revoked token refused within a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Bearer dev-admin-token";
    private static final String SCOPE = "openid profile offline_access user_info_read";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path work = Path.of("target/browser-flow-it").toAbsolutePath();
    /** Every credential the run handles; none may reach a service log. */
    private final List<String> secrets = new ArrayList<>(List.of("alice-password", "dev-admin-token"));

    private LocalPlatform platform;
    private String auth;
    private String userinfo;
    private String quota;
    private HttpServer callback;
    private final BlockingQueue<String> callbackQueries = new LinkedBlockingQueue<>();
    private String redirectUri;
    private Chromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        deleteRecursively(work);
        Files.createDirectories(work);
        platform = LocalPlatform.start(LocalPlatform.Options.ephemeral(root, work));
        auth = platform.url(LocalPlatform.AUTH);
        userinfo = platform.url(LocalPlatform.USERINFO);
        quota = platform.url(LocalPlatform.QUOTA);

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
    void aUserAuthorizesAnAppInChromiumAndItsTokensWorkUntilRevoked() throws Exception {
        // --- The app is registered by the platform's admin.
        String clientId = "browser-it-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(auth + "/admin/apps"))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "name", "Browser flow IT", "client_id", clientId, "client_type", "confidential",
                        "redirect_uris", List.of(redirectUri),
                        "scopes", List.of("openid", "profile", "offline_access", "user_info_read")))))
                .build());
        assertEquals(201, registered.statusCode(), registered.body());
        String clientSecret = JSON.readTree(registered.body()).get("client_secret").asText();
        secrets.add(clientSecret);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
        long aliceId = userId("alice");

        // --- The app sends the browser to the authorization endpoint (state with characters that need encoding).
        String state = randomToken() + " +&=%#?/\\\"'<>;é中";
        String nonce = randomToken();
        String verifier = randomToken() + randomToken();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = auth + "/oauth2/authorize?response_type=code&client_id=" + form(clientId)
                + "&redirect_uri=" + form(redirectUri) + "&scope=" + SCOPE.replace(" ", "%20")
                + "&state=" + form(state) + "&nonce=" + form(nonce)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        browser.get(authorize);

        // --- Not signed in: the login page, over HTTPS Chromium accepted (a certificate error would show its own page).
        awaitElement(By.id("sign-in"));
        assertTrue(browser.getCurrentUrl().startsWith(auth + "/login?"), browser.getCurrentUrl());
        Instant beforeLogin = Instant.now().minusSeconds(1);
        browser.findElement(By.id("login")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice-password");
        browser.findElement(By.id("sign-in")).click();

        // --- Signed in: the consent page names every requested scope.
        awaitElement(By.id("allow"));
        assertTrue(browser.getCurrentUrl().startsWith(auth + "/oauth2/authorize?"), browser.getCurrentUrl());
        List<String> shown = browser.findElements(By.cssSelector("ul.scopes li")).stream()
                .map(li -> li.getAttribute("data-scope")).toList();
        assertEquals(List.of(SCOPE.split(" ")), shown);
        WebElement allow = browser.findElement(By.id("allow"));
        allow.click();

        // --- Back at the app: code, the same state, and iss (RFC 9207).
        String query = callbackQueries.poll(20, TimeUnit.SECONDS);
        assertNotNull(query, "the browser never reached the app's callback; it is at " + browser.getCurrentUrl());
        awaitElement(By.id("done"));
        assertTrue(browser.getCurrentUrl().startsWith(redirectUri + "?"), "the browser is not on the app's callback");
        Map<String, List<String>> params = parseQuery(query);
        assertEquals(List.of(state), params.get("state"), "state must come back unchanged");
        assertEquals(List.of(auth), params.get("iss"));
        assertNotNull(params.get("code"), "no code in the callback");
        assertEquals(1, params.get("code").size());
        assertFalse(params.containsKey("error"), query);
        String code = params.get("code").get(0);
        secrets.add(code);

        // --- Code + PKCE verifier for tokens (client_secret_basic).
        JsonNode tokens = token(basic, "grant_type=authorization_code&code=" + form(code) + "&redirect_uri="
                + form(redirectUri) + "&code_verifier=" + form(verifier));
        String accessToken = tokens.get("access_token").asText();
        String refreshToken = tokens.get("refresh_token").asText();
        String idToken = tokens.get("id_token").asText();
        secrets.addAll(List.of(accessToken, refreshToken, idToken));
        assertEquals("Bearer", tokens.get("token_type").asText());
        assertEquals(List.of(SCOPE.split(" ")).stream().sorted().toList(),
                Arrays.stream(tokens.get("scope").asText().split(" ")).sorted().toList());

        // --- The ID token: signature by a key of the JWKS, iss, aud, nonce, at_hash, auth_time (OIDC Core §3.1.3.7).
        JwtClaims id = idTokenConsumer(clientId).processToClaims(idToken);
        assertEquals(Long.toString(aliceId), id.getSubject());
        assertEquals(nonce, id.getStringClaimValue("nonce"));
        assertEquals(atHash(accessToken), id.getStringClaimValue("at_hash"));
        long authTime = ((Number) id.getClaimValue("auth_time")).longValue();
        assertTrue(authTime >= beforeLogin.getEpochSecond() && authTime <= Instant.now().getEpochSecond(),
                "auth_time " + authTime + " is not the login that just happened");
        assertEquals("JWT", JsonWebStructure.fromCompactSerialization(idToken).getHeader("typ"));

        // --- The access token works at both resource services, as alice for this app.
        for (String service : List.of(userinfo, quota)) {
            HttpResponse<String> whoami = whoami(service, accessToken);
            assertEquals(200, whoami.statusCode(), service);
            JsonNode caller = JSON.readTree(whoami.body());
            assertEquals(Long.toString(aliceId), caller.get("subject").asText(), service);
            assertEquals(clientId, caller.get("client_id").asText(), service);
        }

        // --- Refresh: new tokens and a new refresh token (rotation).
        JsonNode refreshed = token(basic, "grant_type=refresh_token&refresh_token=" + form(refreshToken));
        String newAccessToken = refreshed.get("access_token").asText();
        String newRefreshToken = refreshed.get("refresh_token").asText();
        secrets.addAll(List.of(newAccessToken, newRefreshToken));
        assertNotEquals(accessToken, newAccessToken);
        assertNotEquals(refreshToken, newRefreshToken);
        for (String service : List.of(userinfo, quota)) {
            assertEquals(200, whoami(service, newAccessToken).statusCode(), service + " accepts the refreshed token");
        }

        // --- Revoke the new access token (RFC 7009): both resource services refuse it within a second.
        HttpResponse<String> revoked = send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/revoke"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + form(newAccessToken) + "&token_type_hint=access_token"))
                .build());
        long revokedAt = System.nanoTime();
        assertEquals(200, revoked.statusCode(), revoked.body());
        Map<String, Long> refusedAfterMillis = new LinkedHashMap<>();
        long deadline = revokedAt + Duration.ofSeconds(1).toNanos();
        while (refusedAfterMillis.size() < 2 && System.nanoTime() < deadline) {
            for (String service : List.of(userinfo, quota)) {
                if (!refusedAfterMillis.containsKey(service)) {
                    int status = whoami(service, newAccessToken).statusCode();
                    if (status == 401) {
                        refusedAfterMillis.put(service, Duration.ofNanos(System.nanoTime() - revokedAt).toMillis());
                    } else {
                        assertEquals(200, status, service + " answered neither 200 nor 401");
                    }
                }
            }
            Thread.sleep(25);
        }
        for (String service : List.of(userinfo, quota)) {
            if (!refusedAfterMillis.containsKey(service)) {
                fail(service + " still accepted the revoked access token 1 s after the revocation answer"
                        + " (refused so far: " + refusedAfterMillis + ")");
            }
        }
    }

    /**
     * Seed 000's sentence made real (issue #6): alice, who authorized the app before, has a page of the platform
     * open; the app calls seed 000 without a token; the prompt shows in her page within a second; she approves; the
     * app's callback gets the code, exchanges it, and its next seed 000 call returns her avatar and username.
     */
    @Test
    void anAppCallingSeed000WithoutATokenPromptsAliceInHerOpenPage() throws Exception {
        String clientId = "prompt-it-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(auth + "/admin/apps"))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "name", "Prompt IT", "client_id", clientId, "client_type", "confidential",
                        "redirect_uris", List.of(redirectUri), "scopes", List.of("user_info_read")))))
                .build());
        assertEquals(201, registered.statusCode(), registered.body());
        String clientSecret = JSON.readTree(registered.body()).get("client_secret").asText();
        secrets.add(clientSecret);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
        long aliceId = userId("alice");
        String avatar = "https://cdn.example/avatars/alice.png";
        HttpResponse<String> profile = send(HttpRequest.newBuilder(URI.create(userinfo + "/admin/profiles/" + aliceId))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("avatar", avatar)))).build());
        assertEquals(200, profile.statusCode(), profile.body());
        // Seed 000's username is the nickname, or else the display name auth-service delivered.
        JsonNode profileBody = JSON.readTree(profile.body());
        String username = profileBody.hasNonNull("nickname") ? profileBody.get("nickname").asText()
                : profileBody.get("display_name").asText();

        // --- alice authorized the app once (the consent page), then the app lost its token.
        browser.get(auth + "/oauth2/authorize?response_type=code&client_id=" + form(clientId) + "&redirect_uri="
                + form(redirectUri) + "&scope=user_info_read&state=first");
        signInIfAsked();
        awaitElement(By.id("allow")).click();
        assertNotNull(callbackQueries.poll(20, TimeUnit.SECONDS), "the first authorization never reached the callback");

        // --- She has a page of the platform open.
        browser.get(auth + "/account/apps");
        awaitElement(By.cssSelector("tr[data-client-id='" + clientId + "']"));
        awaitOnline();

        // --- The app calls seed 000 without a user token, proving itself with its secret (issue #13 item 4).
        String seed000 = userinfo + "/chatroom/api/account/info?client_id=" + form(clientId) + "&redirect_uri="
                + form(redirectUri) + "&scope=user_info_read&user_id=" + aliceId;
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(seed000)).build());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        JsonNode strangers = JSON.readTree(anonymous.body()).get("result");
        assertTrue(strangers.size() == 1 && strangers.has("authorize_url"), "a stranger learns nothing: " + anonymous.body());
        HttpResponse<String> tokenless = send(HttpRequest.newBuilder(URI.create(seed000)).header("Authorization", basic).build());
        long calledAt = System.nanoTime();
        assertEquals(401, tokenless.statusCode(), tokenless.body());
        JsonNode answer = JSON.readTree(tokenless.body());
        assertNotEquals("ok", answer.get("status").asText());
        assertFalse(answer.get("msg").asText().isEmpty());
        JsonNode result = answer.get("result");
        assertTrue(result.get("prompted").asBoolean(), tokenless.body());
        String requestId = result.get("request_id").asText();
        Map<String, List<String>> authorizeUrl = parseQuery(URI.create(result.get("authorize_url").asText()).getRawQuery());
        String state = authorizeUrl.get("state").get(0);

        // --- The prompt appears in her page within a second, naming the app and the scope in her language.
        By prompt = By.cssSelector("section.prompt[data-request-id='" + requestId + "']");
        while (browser.findElements(prompt).isEmpty() && System.nanoTime() - calledAt < Duration.ofSeconds(10).toNanos()) {
            Thread.sleep(20);
        }
        long shownAfter = Duration.ofNanos(System.nanoTime() - calledAt).toMillis();
        assertFalse(browser.findElements(prompt).isEmpty(), "no prompt in alice's page 10 s after the call: "
                + browser.executeScript("return document.getElementById('prompts').outerHTML"));
        assertTrue(shownAfter <= 1000, "the prompt showed " + shownAfter + " ms after the call, more than 1 s");
        WebElement dialog = browser.findElement(prompt);
        assertTrue(dialog.getText().contains("Prompt IT"), dialog.getText());
        assertTrue(dialog.getText().contains("Read your username and avatar"), dialog.getText());
        System.out.println("prompt shown " + shownAfter + " ms after the seed 000 call");

        // --- She approves: the app's callback receives the code and the request's state.
        dialog.findElement(By.cssSelector("button.allow")).click();
        String query = callbackQueries.poll(20, TimeUnit.SECONDS);
        assertNotNull(query, "the approval never reached the app's callback; the browser is at " + browser.getCurrentUrl());
        Map<String, List<String>> params = parseQuery(query);
        assertEquals(List.of(state), params.get("state"));
        assertEquals(List.of(auth), params.get("iss"));
        String code = params.get("code").get(0);
        secrets.add(code);
        JsonNode tokens = token(basic, "grant_type=authorization_code&code=" + form(code) + "&redirect_uri=" + form(redirectUri));
        String accessToken = tokens.get("access_token").asText();
        secrets.add(accessToken);

        // --- The app's next call to seed 000 with the token returns her avatar and username.
        HttpResponse<String> info = send(HttpRequest.newBuilder(URI.create(seed000))
                .header("Authorization", "Bearer " + accessToken).build());
        assertEquals(200, info.statusCode(), info.body());
        JsonNode ok = JSON.readTree(info.body());
        assertEquals("ok", ok.get("status").asText());
        assertEquals(avatar, ok.get("result").get("avatar").asText());
        assertEquals(username, ok.get("result").get("username").asText());
        assertFalse(username.isEmpty());

        // --- The app's poll agrees (CIBA-like): approved, with the code it already has.
        HttpResponse<String> polled = send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/prompt/" + requestId))
                .header("Authorization", basic).build());
        assertEquals(200, polled.statusCode());
        assertEquals("approved", JSON.readTree(polled.body()).get("status").asText());
    }

    /** On the login page (this class's other test may have signed alice in already): sign in as alice. */
    private void signInIfAsked() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!browser.findElements(By.id("allow")).isEmpty()) {
                return;
            }
            if (!browser.findElements(By.id("sign-in")).isEmpty()) {
                browser.findElement(By.id("login")).sendKeys("alice");
                browser.findElement(By.id("password")).sendKeys("alice-password");
                browser.findElement(By.id("sign-in")).click();
                return;
            }
            Thread.sleep(50);
        }
    }

    /** The page's script marks its stream open on the first event, which auth-service sends once it counts her online. */
    private void awaitOnline() throws InterruptedException {
        awaitElement(By.cssSelector("#prompts[data-stream='open']"));
    }

    private WebElement awaitElement(By element) throws InterruptedException {
        return chromium.await(element);
    }

    private JwtConsumer idTokenConsumer(String clientId) throws Exception {
        String jwks = send(HttpRequest.newBuilder(URI.create(auth + "/.well-known/jwks.json")).build()).body();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setExpectedIssuer(auth)
                .setExpectedAudience(clientId)
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds(5)
                .build();
    }

    /** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the access token (RS256). */
    private static String atHash(String accessToken) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
    }

    private JsonNode token(String basic, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        // An error answer carries no token, so its body is safe to show.
        assertEquals(200, response.statusCode(), response.statusCode() == 200 ? "" : response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        return JSON.readTree(response.body());
    }

    private long userId(String login) throws Exception {
        HttpResponse<String> users = send(HttpRequest.newBuilder(URI.create(auth + "/admin/users?page=1&page_size=100"))
                .header("Authorization", ADMIN).build());
        assertEquals(200, users.statusCode(), users.body());
        JsonNode list = JSON.readTree(users.body());
        for (JsonNode user : list.path("items")) {
            if (login.equals(user.get("login").asText())) {
                return user.get("id").asLong();
            }
        }
        throw new AssertionError("no user " + login + " at auth-service");
    }

    private HttpResponse<String> whoami(String service, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(service + "/whoami")).header("Authorization", "Bearer " + token).build());
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

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
