package dev.userinfo.auth.prompt;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static dev.userinfo.auth.testing.PageBrowser.one;
import static dev.userinfo.auth.testing.PageBrowser.query;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.testing.EventStream;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's pushed authorization prompt at auth-service (issue #6): the trigger userinfo-service calls
 * (docs/internal-contracts.md §4), the signed-in page's event stream, the user's answer, the app's poll, and the
 * rules against oracles and spam. userinfo-service is played by its real client credentials (a feed client).
 */
@QuarkusTest
class AuthorizationPromptTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SCOPES = List.of("user_info_read", "user_chat_duration_read", "openid");
    static final Duration SOON = Duration.ofSeconds(5);

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    record TestApp(String clientId, String secret, long appid, String name) {
    }

    @BeforeEach
    void forgetFailuresFromThisAddress() {
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private TestApp app() {
        AppRegistry.Registered registered = grants.app(Fixtures.unique("prompt-app"), "confidential", SCOPES);
        return new TestApp(registered.app().clientId, registered.clientSecret(), registered.app().appid, registered.app().name);
    }

    /** The user has authorized the app before (the consent a past authorization left) for the scopes the trigger asks. */
    private static void authorizedBefore(TestUser user, TestApp app) {
        Fixtures.execute("INSERT INTO consent (user_id, appid, scopes, granted_at, updated_at) "
                + "VALUES (:p1, :p2, ARRAY['user_chat_duration_read', 'user_info_read'], now(), now())", user.id(), app.appid());
    }

    private Response trigger(Map<String, ?> body) {
        return TestHttps.given(url).contentType(ContentType.JSON)
                .header("Authorization", Grants.basic("userinfo-service", grants.feedClientSecret()))
                .body(body).post("/internal/prompts");
    }

    private Response trigger(TestApp app, Object userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", app.clientId());
        body.put("redirect_uri", Grants.REDIRECT);
        body.put("scope", "user_info_read user_chat_duration_read");
        if (userId != null) {
            body.put("user_id", userId.toString());
        }
        // userinfo-service verified the app's own client token (issue #13 item 4: only proven calls open requests).
        body.put("proof", "client_token");
        return trigger(body);
    }

    private Response poll(TestApp app, String requestId) {
        return TestHttps.given(url).header("Authorization", Grants.basic(app.clientId(), app.secret()))
                .get("/oauth2/prompt/" + requestId);
    }

    private static EventStream page(PageBrowser browser) {
        EventStream stream = EventStream.open(browser.baseUrl(), browser.sessionCookie(), "en");
        assertEquals(200, stream.status());
        assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
        assertEquals("no", stream.header("X-Accel-Buffering"));
        assertEquals("no-store", stream.header("Cache-Control"));
        // Opening shows what is pending at once (here: nothing), which also proves the stream is registered.
        JsonNode first = prompts(stream);
        assertEquals(0, first.size(), first.toString());
        return stream;
    }

    /** The next "prompts" snapshot the page receives. */
    private static JsonNode prompts(EventStream stream) {
        EventStream.Event event = stream.next("prompts", SOON);
        assertNotNull(event, "no prompts event within " + SOON);
        try {
            return JSON.readTree(event.data()).get("prompts");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An app the user authorized before, her open page, and the prompt a trigger just showed there. */
    record Shown(TestApp app, TestUser user, PageBrowser browser, EventStream page, String requestId) implements AutoCloseable {
        @Override
        public void close() {
            page.close();
        }
    }

    private Shown promptShown(String userPrefix) {
        TestApp app = app();
        TestUser user = Fixtures.user(userPrefix);
        authorizedBefore(user, app);
        PageBrowser browser = PageBrowser.signedIn(url, user);
        EventStream page = page(browser);
        String requestId = trigger(app, user.id()).path("request_id");
        assertEquals(1, prompts(page).size());
        return new Shown(app, user, browser, page, requestId);
    }

    private static String csrf(PageBrowser browser) {
        Response page = browser.get("/account/apps");
        assertEquals(200, page.statusCode(), page.asString());
        return hidden(page.asString(), "csrf");
    }

    private static List<String> events(String requestId) {
        List<String> events = new ArrayList<>();
        long n = Fixtures.count("SELECT count(*) FROM authorization_prompt_event WHERE prompt_id = :p1", requestId);
        for (String kind : List.of("opened", "approved", "denied", "expired")) {
            if (Fixtures.count("SELECT count(*) FROM authorization_prompt_event WHERE prompt_id = :p1 AND event = :p2", requestId, kind) > 0) {
                events.add(kind);
            }
        }
        assertEquals(events.size(), n, "one audit event per kind");
        return events;
    }

    private static long opened(TestApp app) {
        return Fixtures.count("SELECT count(*) FROM authorization_prompt WHERE appid = :p1", app.appid());
    }

    @Test
    void anOnlineUserWhoAuthorizedTheAppIsPromptedAndHerApprovalGivesTheAppAWorkingCode() throws Exception {
        TestApp app = app();
        TestUser alice = Fixtures.user("prompt-alice");
        authorizedBefore(alice, app);
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        try (EventStream page = page(browser)) {
            Response opened = trigger(app, alice.id());
            assertEquals(200, opened.statusCode(), opened.asString());
            opened.then().header("Cache-Control", "no-store");
            JsonNode answer = JSON.readTree(opened.asString());
            assertEquals(List.of("request_id", "authorize_url", "prompted", "expires_in", "proven"), fieldNames(answer));
            assertTrue(answer.get("prompted").booleanValue());
            assertEquals(120, answer.get("expires_in").longValue());
            String requestId = answer.get("request_id").textValue();
            Map<String, List<String>> authorize = query(answer.get("authorize_url").textValue());
            assertTrue(answer.get("authorize_url").textValue().startsWith("https://localhost:"), answer.toString());
            assertEquals("code", one(authorize, "response_type"));
            assertEquals(app.clientId(), one(authorize, "client_id"));
            assertEquals(Grants.REDIRECT, one(authorize, "redirect_uri"));
            assertEquals("user_info_read user_chat_duration_read", one(authorize, "scope"));
            String state = one(authorize, "state");
            assertTrue(state.length() >= 22, state);

            JsonNode shown = prompts(page);
            assertEquals(1, shown.size(), shown.toString());
            JsonNode prompt = shown.get(0);
            assertEquals(requestId, prompt.get("id").textValue());
            assertEquals("/me/prompts/" + requestId, prompt.get("action").textValue());
            assertEquals(app.name(), prompt.get("app").textValue());
            assertEquals("Read your username and avatar", prompt.get("scopes").get(0).textValue());
            assertEquals("Read your chat duration", prompt.get("scopes").get(1).textValue());
            assertTrue(prompt.get("redirect").textValue().contains("127.0.0.1:8765"), prompt.toString());
            long expiresIn = prompt.path("expires_in").asLong();
            assertTrue(expiresIn > 100 && expiresIn <= 120, prompt.toString());
            assertEquals(List.of("id", "action", "title", "intro", "app", "logo", "scopes", "redirect", "allow", "deny", "expires_in"),
                    fieldNames(prompt));

            Response pending = poll(app, requestId);
            assertEquals(200, pending.statusCode(), pending.asString());
            assertEquals("pending", pending.path("status"));
            assertEquals(5, (int) pending.path("interval"));
            assertNull(pending.path("code"));

            Response approved = browser.post("/me/prompts/" + requestId, Map.of("csrf", csrf(browser), "decision", "allow",
                    "return_to", "/account/apps"));
            assertEquals(303, approved.statusCode(), approved.asString());
            String location = approved.header("Location");
            assertTrue(location.startsWith(Grants.REDIRECT + "?"), location);
            Map<String, List<String>> callback = query(location);
            String code = one(callback, "code");
            assertEquals(state, one(callback, "state"));
            // RFC 9207: iss is the issuer, the origin of the authorization endpoint the answer named.
            String authorizeUrl = answer.get("authorize_url").textValue();
            assertEquals(authorizeUrl.substring(0, authorizeUrl.indexOf("/oauth2/authorize")), one(callback, "iss"));

            // The other pages drop it.
            assertEquals(0, prompts(page).size());

            Response polled = poll(app, requestId);
            assertEquals("approved", polled.path("status"));
            assertEquals(code, polled.path("code"));
            assertEquals(state, polled.path("state"));
            assertEquals(Grants.REDIRECT, polled.path("redirect_uri"));

            Response tokens = TestHttps.given(url).contentType(ContentType.URLENC)
                    .header("Authorization", Grants.basic(app.clientId(), app.secret()))
                    .formParams(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", Grants.REDIRECT))
                    .post("/oauth2/token");
            assertEquals(200, tokens.statusCode(), tokens.asString());
            assertEquals("user_info_read user_chat_duration_read", tokens.path("scope"));
            // The consent still covers what she approved in the prompt (it can only ask for what she granted).
            assertEquals(1, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2 "
                    + "AND 'user_chat_duration_read' = ANY(scopes)", alice.id(), app.appid()));

            // Answered once: a second answer is refused and issues nothing.
            long codes = Fixtures.count("SELECT count(*) FROM authorization_code c JOIN authorization_grant g ON g.id = c.grant_id "
                    + "WHERE g.user_id = :p1", alice.id());
            Response again = browser.post("/me/prompts/" + requestId, Map.of("csrf", csrf(browser), "decision", "allow"));
            assertEquals(400, again.statusCode());
            assertEquals(codes, Fixtures.count("SELECT count(*) FROM authorization_code c JOIN authorization_grant g "
                    + "ON g.id = c.grant_id WHERE g.user_id = :p1", alice.id()));
            assertEquals(List.of("opened", "approved"), events(requestId));

            // Operators read the trail: every event, never the code or the state.
            Response audit = TestHttps.given(url).header("Authorization", "Bearer test-admin-token")
                    .get("/admin/prompts?client_id=" + app.clientId());
            assertEquals(200, audit.statusCode(), audit.asString());
            JsonNode trail = JSON.readTree(audit.asString()).get("items");
            assertEquals(1, JSON.readTree(audit.asString()).get("total").intValue(), audit.asString());
            assertEquals(1, trail.size(), trail.toString());
            assertEquals(requestId, trail.get(0).get("request_id").textValue());
            assertEquals(alice.id(), trail.get(0).get("user_id").longValue());
            assertEquals("approved", trail.get(0).get("status").textValue());
            assertTrue(trail.get(0).get("prompted").booleanValue());
            assertEquals("opened", trail.get(0).get("events").get(0).get("event").textValue());
            assertEquals("pushed", trail.get(0).get("events").get(0).get("detail").textValue());
            assertEquals("approved", trail.get(0).get("events").get(1).get("event").textValue());
            assertFalse(audit.asString().contains(code));
            assertFalse(audit.asString().contains(state));
            assertEquals(401, TestHttps.given(url).get("/admin/prompts").statusCode());
            assertEquals(400, TestHttps.given(url).header("Authorization", "Bearer test-admin-token")
                    .get("/admin/prompts?page_size=1000").statusCode());
        }
    }

    @Test
    void anApprovedPromptsCodeWorksAtSeed001sTokenDoorTooAndOnlyOnce() throws Exception {
        try (Shown shown = promptShown("prompt-seed001")) {
            TestApp app = shown.app();
            PageBrowser browser = shown.browser();
            String requestId = shown.requestId();
            Response approved = browser.post("/me/prompts/" + requestId, Map.of("csrf", csrf(browser), "decision", "allow"));
            assertEquals(303, approved.statusCode(), approved.asString());
            String code = one(query(approved.header("Location")), "code");
            Response seed001 = TestHttps.given(url).urlEncodingEnabled(false).get("/userservices/v2/authorization/token?app_id="
                    + app.clientId() + "&app_key=" + app.secret() + "&code=" + code);
            assertEquals(200, seed001.statusCode(), seed001.asString());
            assertNotNull(seed001.path("token"));
            assertNotNull(seed001.path("open_id"));
            Response again = TestHttps.given(url).contentType(ContentType.URLENC)
                    .header("Authorization", Grants.basic(app.clientId(), app.secret()))
                    .formParams(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", Grants.REDIRECT))
                    .post("/oauth2/token");
            assertEquals(400, again.statusCode(), "a code is redeemed once, whichever door");
            assertEquals("invalid_grant", again.path("error"));
        }
    }

    @Test
    void aDeclineIssuesNothingAndThePollSaysDenied() throws Exception {
        try (Shown shown = promptShown("prompt-decline")) {
            TestApp app = shown.app();
            TestUser user = shown.user();
            PageBrowser browser = shown.browser();
            EventStream page = shown.page();
            String requestId = shown.requestId();
            Response declined = browser.post("/me/prompts/" + requestId, Map.of("csrf", csrf(browser), "decision", "deny",
                    "return_to", "/account/tokens"));
            assertEquals(303, declined.statusCode(), declined.asString());
            assertEquals("/account/tokens", declined.header("Location"));
            assertEquals(0, prompts(page).size());
            Response polled = poll(app, requestId);
            assertEquals("denied", polled.path("status"));
            assertNull(polled.path("code"));
            assertNull(polled.path("state"));
            assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id()));
            assertEquals(List.of("opened", "denied"), events(requestId));
            // A return_to elsewhere is never followed.
            String next = JSON.readTree(trigger(app, user.id()).asString()).get("request_id").textValue();
            Response offsite = browser.post("/me/prompts/" + next, Map.of("csrf", csrf(browser), "decision", "deny",
                    "return_to", "https://evil.example/"));
            assertEquals("/account/apps", offsite.header("Location"));
        }
    }

    @Test
    void aPromptExpiresOnTimeAndIsGoneFromThePage() throws Exception {
        try (Shown shown = promptShown("prompt-expiry")) {
            TestApp app = shown.app();
            TestUser user = shown.user();
            PageBrowser browser = shown.browser();
            EventStream page = shown.page();
            String requestId = shown.requestId();
            // Its two minutes are over.
            Fixtures.execute("UPDATE authorization_prompt SET expires_at = now() - interval '1 second' WHERE id = :p1", requestId);
            assertEquals(0, prompts(page).size(), "the sweep tells the page");
            assertEquals("expired", poll(app, requestId).path("status"));
            assertEquals(List.of("opened", "expired"), events(requestId));
            Response late = browser.post("/me/prompts/" + requestId, Map.of("csrf", csrf(browser), "decision", "allow"));
            assertEquals(400, late.statusCode());
            assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id()));
            // A new trigger opens a new request.
            JsonNode next = JSON.readTree(trigger(app, user.id()).asString());
            assertNotEquals(requestId, next.get("request_id").textValue());
            assertTrue(next.get("prompted").booleanValue());
        }
    }

    @Test
    void thePollAnswersOnlyTheAppItBelongsTo() {
        TestApp app = app();
        TestApp other = app();
        String requestId = trigger(app, null).path("request_id");
        assertEquals("pending", poll(app, requestId).path("status"));
        Response foreign = poll(other, requestId);
        assertEquals(404, foreign.statusCode());
        Response unknown = poll(app, "pr_AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(404, unknown.statusCode());
        assertEquals(foreign.asString(), unknown.asString());
        assertEquals(404, poll(app, "not-an-id").statusCode());
        Response wrongSecret = TestHttps.given(url).header("Authorization", Grants.basic(app.clientId(), "wrong-secret"))
                .get("/oauth2/prompt/" + requestId);
        assertEquals(401, wrongSecret.statusCode());
        assertEquals("invalid_client", wrongSecret.path("error"));
        assertEquals(401, TestHttps.given(url).get("/oauth2/prompt/" + requestId).statusCode());
    }

    @Test
    void aUserWhoAuthorizedTheAppButIsOfflineIsNotPromptedUntilSheIsOnline() throws Exception {
        TestApp app = app();
        TestUser user = Fixtures.user("prompt-offline");
        authorizedBefore(user, app);
        JsonNode offline = JSON.readTree(trigger(app, user.id()).asString());
        assertFalse(offline.get("prompted").booleanValue());
        PageBrowser browser = PageBrowser.signedIn(url, user);
        try (EventStream page = page(browser)) {
            // Online now: the pending request is shown on the next trigger (one pending request per app and user).
            JsonNode online = JSON.readTree(trigger(app, user.id()).asString());
            assertEquals(offline.get("request_id"), online.get("request_id"));
            assertTrue(online.get("prompted").booleanValue());
            assertEquals(1, prompts(page).size());
        }
        // Closed: still online for the grace period (auth.prompts.presence-grace, 2 s in tests), then offline.
        TestApp second = app();
        authorizedBefore(user, second);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean prompted = true;
        while (prompted && System.nanoTime() < deadline) {
            Thread.sleep(250);
            Fixtures.execute("DELETE FROM authorization_prompt WHERE appid = :p1", second.appid());
            prompted = JSON.readTree(trigger(second, user.id()).asString()).get("prompted").booleanValue();
        }
        assertFalse(prompted, "offline after the page closed and the grace period passed");
    }

    @Test
    void forAUserWhoNeverAuthorizedTheAppTheAnswerIsTheSameWhetherSheExistsOrIsOnline() throws Exception {
        TestApp app = app();
        TestUser online = Fixtures.user("prompt-stranger-online");
        TestUser offline = Fixtures.user("prompt-stranger-offline");
        long nobody = online.id() + 1_000_000;
        PageBrowser browser = PageBrowser.signedIn(url, online);
        try (EventStream page = page(browser)) {
            List<Response> answers = List.of(trigger(app, online.id()), trigger(app, offline.id()), trigger(app, nobody),
                    trigger(app, null));
            List<String> normalized = new ArrayList<>();
            for (Response answer : answers) {
                assertEquals(200, answer.statusCode(), answer.asString());
                ObjectNode body = (ObjectNode) JSON.readTree(answer.asString());
                assertFalse(body.get("prompted").booleanValue());
                assertTrue(body.get("request_id").textValue().startsWith("pr_"));
                body.put("request_id", "?");
                body.put("authorize_url", body.get("authorize_url").textValue().replaceAll("state=[^&]*", "state=?"));
                normalized.add(body.toString() + answer.headers().asList().stream()
                        .filter(h -> !h.getName().equalsIgnoreCase("content-length") && !h.getName().equalsIgnoreCase("date"))
                        .map(h -> h.getName() + ":" + h.getValue()).sorted().toList());
            }
            assertEquals(1, normalized.stream().distinct().count(), String.join("\n", normalized));
            assertNull(page.next("prompts", Duration.ofMillis(1500)), "nothing is pushed to a user who never authorized the app");
            // The polls look alike too.
            String a = poll(app, answers.get(0).path("request_id")).asString().replaceAll("pr_[A-Za-z0-9_-]+", "?");
            String b = poll(app, answers.get(2).path("request_id")).asString().replaceAll("pr_[A-Za-z0-9_-]+", "?");
            assertEquals(a.replaceAll("\"expires_in\":\\d+", ""), b.replaceAll("\"expires_in\":\\d+", ""));
        }
    }

    @Test
    void aSecondTriggerWhileOneIsPendingReturnsItAndPushesNothingNew() throws Exception {
        TestApp app = app();
        TestUser user = Fixtures.user("prompt-twice");
        authorizedBefore(user, app);
        PageBrowser browser = PageBrowser.signedIn(url, user);
        try (EventStream page = page(browser)) {
            JsonNode first = JSON.readTree(trigger(app, user.id()).asString());
            assertEquals(1, prompts(page).size());
            JsonNode second = JSON.readTree(trigger(app, user.id()).asString());
            assertEquals(first.get("request_id"), second.get("request_id"));
            assertEquals(first.get("authorize_url"), second.get("authorize_url"));
            assertTrue(second.get("prompted").booleanValue());
            assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_prompt WHERE appid = :p1 AND user_id = :p2",
                    app.appid(), user.id()));
            assertNull(page.next("prompts", Duration.ofMillis(1000)), "no second push");
            // Another app's prompt stands beside it.
            TestApp other = app();
            authorizedBefore(user, other);
            assertTrue(trigger(other, user.id()).<Boolean>path("prompted"));
            assertEquals(2, prompts(page).size());
        }
    }

    @Test
    void anAppThatOpensTooManyRequestsIsToldToSlowDown() {
        TestApp app = app();
        for (int i = 0; i < 30; i++) {
            assertEquals(200, trigger(app, null).statusCode());
        }
        Response limited = trigger(app, null);
        assertEquals(429, limited.statusCode(), limited.asString());
        assertEquals("slow_down", limited.path("error"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(30, opened(app));
        // The limit is per app.
        assertEquals(200, trigger(app(), null).statusCode());
    }

    @Test
    void aMutedAppNeverPromptsAndTheUserCanAllowItAgain() throws Exception {
        TestApp app = app();
        TestUser user = Fixtures.user("prompt-mute");
        authorizedBefore(user, app);
        PageBrowser browser = PageBrowser.signedIn(url, user);
        Response muted = browser.post("/account/apps/prompts", Map.of("csrf", csrf(browser), "client_id", app.clientId(), "prompts", "mute"));
        assertEquals(303, muted.statusCode(), muted.asString());
        browser.get("/account/apps").then().statusCode(200).body(containsString("Allow prompts"));
        try (EventStream page = page(browser)) {
            assertFalse(trigger(app, user.id()).<Boolean>path("prompted"));
            assertNull(page.next("prompts", Duration.ofMillis(1000)));
            assertEquals(303, browser.post("/account/apps/prompts", Map.of("csrf", csrf(browser), "client_id", app.clientId(),
                    "prompts", "allow")).statusCode());
            page.next("prompts", SOON);
            assertTrue(trigger(app, user.id()).<Boolean>path("prompted"));
            assertEquals(1, prompts(page).size());
        }
        // Only apps the user authorized, only with the page's CSRF token.
        assertEquals(404, browser.post("/account/apps/prompts", Map.of("csrf", csrf(browser), "client_id", app().clientId(),
                "prompts", "mute")).statusCode());
        assertEquals(403, browser.post("/account/apps/prompts", Map.of("csrf", "forged", "client_id", app.clientId(),
                "prompts", "mute")).statusCode());
    }

    @Test
    void badInputOpensNothing() {
        TestApp app = app();
        Map<String, Object> good = new LinkedHashMap<>();
        good.put("client_id", app.clientId());
        good.put("redirect_uri", Grants.REDIRECT);
        good.put("scope", "user_info_read");
        good.put("user_id", "10001");
        assertBad(with(good, "client_id", "no-such-app"), 400, "unknown_client");
        assertBad(with(good, "redirect_uri", Grants.REDIRECT + "/other"), 400, "invalid_redirect_uri");
        assertBad(with(good, "scope", "user_info_read no_such_scope"), 400, "invalid_scope");
        assertBad(with(good, "scope", "quota_write"), 400, "invalid_scope");
        assertBad(with(good, "scope", ""), 400, "invalid_scope");
        assertBad(with(good, "user_id", "12ab"), 400, "invalid_request");
        assertBad(with(good, "user_id", "99999999999999999999"), 400, "invalid_request");
        assertBad(with(good, "client_id", null), 400, "invalid_request");
        assertBad(with(good, "scope", 5), 400, "invalid_request");
        Response notJson = TestHttps.given(url).contentType(ContentType.JSON)
                .header("Authorization", Grants.basic("userinfo-service", grants.feedClientSecret())).body("{").post("/internal/prompts");
        assertEquals(400, notJson.statusCode());
        Response form = TestHttps.given(url).contentType(ContentType.URLENC)
                .header("Authorization", Grants.basic("userinfo-service", grants.feedClientSecret())).body("client_id=x").post("/internal/prompts");
        assertEquals(415, form.statusCode());
        Response anonymous = TestHttps.given(url).contentType(ContentType.JSON).body(good).post("/internal/prompts");
        assertEquals(401, anonymous.statusCode());
        assertEquals("invalid_client", anonymous.path("error"));
        Response notATrigger = TestHttps.given(url).contentType(ContentType.JSON)
                .header("Authorization", Grants.basic(app.clientId(), app.secret())).body(good).post("/internal/prompts");
        assertEquals(401, notATrigger.statusCode());
        assertEquals(0, opened(app));
        // A public client cannot be prompted: it must use PKCE, which seed 000's request cannot carry.
        String publicClient = Fixtures.app("public", List.of(Grants.REDIRECT), List.of("user_info_read")).clientId;
        assertBad(with(good, "client_id", publicClient), 400, "invalid_request");
    }

    private void assertBad(Map<String, ?> body, int status, String error) {
        long before = Fixtures.count("SELECT count(*) FROM authorization_prompt");
        Response answer = trigger(body);
        assertEquals(status, answer.statusCode(), body + " → " + answer.asString());
        assertEquals(error, answer.path("error"), answer.asString());
        assertNotNull(answer.path("error_description"));
        assertEquals(before, Fixtures.count("SELECT count(*) FROM authorization_prompt"));
    }

    @Test
    void theEventStreamNeedsASessionAndAnswersNeedTheirCsrfTokenAndTheirUser() throws Exception {
        assertEquals(401, EventStream.open(url, null, "en").status());
        assertEquals(401, EventStream.open(url, "A".repeat(43), "en").status());
        TestApp app = app();
        TestUser user = Fixtures.user("prompt-owner");
        TestUser other = Fixtures.user("prompt-other");
        authorizedBefore(user, app);
        PageBrowser browser = PageBrowser.signedIn(url, user);
        try (EventStream page = page(browser)) {
            String requestId = trigger(app, user.id()).path("request_id");
            assertEquals(1, prompts(page).size());
            assertEquals(403, browser.post("/me/prompts/" + requestId, Map.of("csrf", "forged", "decision", "allow")).statusCode());
            PageBrowser stranger = PageBrowser.signedIn(url, other);
            assertEquals(400, stranger.post("/me/prompts/" + requestId, Map.of("csrf", csrf(stranger), "decision", "allow")).statusCode());
            assertEquals(401, new PageBrowser(url).post("/me/prompts/" + requestId, Map.of("csrf", "x", "decision", "allow")).statusCode());
            assertEquals(400, browser.post("/me/prompts/" + requestId, Map.of("csrf", csrf(browser), "decision", "maybe")).statusCode());
            assertEquals("pending", poll(app, requestId).path("status"));
            // Chinese pages get the prompt in Chinese.
            try (EventStream chinese = EventStream.open(url, browser.sessionCookie(), "zh-CN,zh;q=0.9")) {
                JsonNode shown = prompts(chinese);
                assertEquals("读取你的用户名和头像", shown.get(0).get("scopes").get(0).textValue());
                assertEquals("同意", shown.get(0).get("allow").textValue());
            }
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
