package dev.userinfo.auth.security;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static dev.userinfo.auth.testing.PageBrowser.one;
import static dev.userinfo.auth.testing.PageBrowser.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 4, auth-service's side: seed 000's trigger (docs/internal-contracts.md §4) as a stranger who knows
 * an app's public client_id and redirect_uri would use it. Each test performs the attack and checks that it fails
 * and that nothing changed (prompts, audit rows, pushes, consents).
 */
@QuarkusTest
class SeedZeroTriggerAttackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCOPES = List.of("user_info_read", "user_chat_duration_read", "openid");
    private static final String ASKED = "user_info_read user_chat_duration_read";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    private record TestApp(String clientId, String secret, long appid) {
    }

    private TestApp app() {
        AppRegistry.Registered registered = grants.app(Fixtures.unique("attack-app"), "confidential", SCOPES);
        return new TestApp(registered.app().clientId, registered.clientSecret(), registered.app().appid);
    }

    private static void consent(TestUser user, TestApp app, String... scopes) {
        Fixtures.execute("INSERT INTO consent (user_id, appid, scopes, granted_at, updated_at) "
                + "VALUES (:p1, :p2, string_to_array(:p3, ' '), now(), now())", user.id(), app.appid(), String.join(" ", scopes));
    }

    /** What userinfo-service sends: the app's parameters and, when the app proved itself, how. */
    private Response trigger(TestApp app, Long userId, String scope, String proof, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", app.clientId());
        body.put("redirect_uri", Grants.REDIRECT);
        body.put("scope", scope);
        if (userId != null) {
            body.put("user_id", userId.toString());
        }
        if (proof != null) {
            body.put("proof", proof);
        }
        if (secret != null) {
            body.put("client_secret", secret);
        }
        return TestHttps.given(url).contentType(ContentType.JSON)
                .header("Authorization", Grants.basic("userinfo-service", grants.feedClientSecret()))
                .body(body).post("/internal/prompts");
    }

    private Response anonymous(TestApp app, Long userId) {
        return trigger(app, userId, ASKED, null, null);
    }

    private Response proven(TestApp app, Long userId, String scope) {
        return trigger(app, userId, scope, "client_token", null);
    }

    private static long prompts(TestApp app) {
        return Fixtures.count("SELECT count(*) FROM authorization_prompt WHERE appid = :p1", app.appid());
    }

    private static long auditRows() {
        return Fixtures.count("SELECT count(*) FROM authorization_prompt_event");
    }

    private static String consentOf(TestUser user, TestApp app) {
        return String.valueOf(Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2", user.id(), app.appid()))
                + ":" + Fixtures.count("SELECT coalesce(sum(length(array_to_string(scopes, ' '))), 0) FROM consent "
                + "WHERE user_id = :p1 AND appid = :p2", user.id(), app.appid());
    }

    private static EventStream page(PageBrowser browser) {
        EventStream stream = EventStream.open(browser.baseUrl(), browser.sessionCookie(), "en");
        assertEquals(200, stream.status());
        assertNotNull(stream.next("prompts", Duration.ofSeconds(5)), "the page's first snapshot");
        return stream;
    }

    private static JsonNode shown(EventStream page) throws Exception {
        EventStream.Event event = page.next("prompts", Duration.ofSeconds(5));
        assertNotNull(event, "no prompts event");
        return JSON.readTree(event.data()).get("prompts");
    }

    @Test
    void anonymousTriggerForAnAuthorizedOnlineUserLooksExactlyLikeOneForAStranger() throws Exception {
        TestApp app = app();
        TestUser alice = Fixtures.user("attack-online");
        consent(alice, app, "user_info_read", "user_chat_duration_read");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        try (EventStream page = page(browser)) {
            long audit = auditRows();
            Response forAlice = anonymous(app, alice.id());
            Response forNobody = anonymous(app, alice.id() + 1_000_000);
            Response forNoOne = anonymous(app, null);
            assertEquals(200, forAlice.statusCode(), forAlice.asString());
            assertEquals(forAlice.asString(), forNobody.asString(), "byte-identical for any user_id");
            assertEquals(forAlice.asString(), forNoOne.asString());
            JsonNode body = JSON.readTree(forAlice.asString());
            assertNull(body.get("request_id"), body.toString());
            assertFalse(body.get("prompted").booleanValue());
            assertFalse(body.get("proven").booleanValue());
            String authorizeUrl = body.get("authorize_url").textValue();
            assertFalse(authorizeUrl.contains("state="), "no state a stranger could wait on: " + authorizeUrl);
            assertEquals(app.clientId(), one(query(authorizeUrl), "client_id"));
            // Nothing opened, nothing audited, nothing pushed.
            assertEquals(0, prompts(app));
            assertEquals(audit, auditRows());
            assertNull(page.next("prompts", Duration.ofMillis(1200)), "nothing is pushed to alice");
        }
    }

    @Test
    void anonymousCallsDoNotUseUpTheAppsRateLimit() throws Exception {
        TestApp app = app();
        TestUser alice = Fixtures.user("attack-rate");
        consent(alice, app, "user_info_read");
        for (int i = 0; i < 40; i++) {
            assertEquals(200, anonymous(app, alice.id()).statusCode());
        }
        assertEquals(0, prompts(app));
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        try (EventStream page = page(browser)) {
            Response real = proven(app, alice.id(), "user_info_read");
            assertEquals(200, real.statusCode(), real.asString());
            assertTrue(real.<Boolean>path("prompted"), real.asString());
            assertEquals(1, shown(page).size());
        }
    }

    @Test
    void aWrongSecretOrNoProofIsTreatedAsAStrangerAndOpensNothing() {
        TestApp app = app();
        TestApp other = app();
        TestUser alice = Fixtures.user("attack-secret");
        consent(alice, app, "user_info_read");
        String strangers = anonymous(app, alice.id()).asString();
        Response wrongSecret = trigger(app, alice.id(), ASKED, "client_secret", other.secret());
        assertEquals(200, wrongSecret.statusCode(), wrongSecret.asString());
        assertEquals(strangers, wrongSecret.asString(), "a wrong secret is no proof");
        Response noSecret = trigger(app, alice.id(), ASKED, "client_secret", null);
        assertEquals(400, noSecret.statusCode());
        assertEquals("invalid_request", noSecret.path("error"));
        assertEquals(0, prompts(app));
        // The right secret proves the app (compared like the token endpoint's, constant time).
        Response right = trigger(app, alice.id(), ASKED, "client_secret", app.secret());
        assertEquals(200, right.statusCode(), right.asString());
        assertTrue(right.<Boolean>path("proven"));
        assertTrue(right.path("request_id").toString().startsWith("pr_"));
        assertEquals(1, prompts(app));
    }

    @Test
    void aPromptAskingForScopesNeverGrantedCannotWidenTheConsent() throws Exception {
        TestApp app = app();
        TestUser alice = Fixtures.user("attack-widen");
        consent(alice, app, "user_info_read");
        String before = consentOf(alice, app);
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        try (EventStream page = page(browser)) {
            // Only scopes she never granted: nobody is prompted.
            Response never = proven(app, alice.id(), "user_chat_duration_read");
            assertEquals(200, never.statusCode(), never.asString());
            assertFalse(never.<Boolean>path("prompted"));
            assertNull(page.next("prompts", Duration.ofMillis(1200)));
            Fixtures.execute("UPDATE authorization_prompt SET status = 'expired' WHERE appid = :p1", app.appid());

            // Granted and never-granted together: the prompt carries only the granted one.
            Response mixed = proven(app, alice.id(), ASKED);
            assertTrue(mixed.<Boolean>path("prompted"), mixed.asString());
            assertEquals("user_info_read", one(query(mixed.path("authorize_url")), "scope"));
            JsonNode prompt = shown(page).get(0);
            assertEquals(1, prompt.get("scopes").size(), prompt.toString());
            String requestId = mixed.path("request_id");
            Response approved = browser.post("/me/prompts/" + requestId, Map.of("csrf", csrf(browser), "decision", "allow"));
            assertEquals(303, approved.statusCode(), approved.asString());
            assertEquals(before, consentOf(alice, app), "the consent did not grow");
            assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2 "
                    + "AND 'user_chat_duration_read' = ANY(scopes)", alice.id(), app.appid()));
        }
    }

    @Test
    void aPromptWhoseScopesWereWithdrawnSinceItOpenedCannotBeApproved() throws Exception {
        TestApp app = app();
        TestUser alice = Fixtures.user("attack-withdrawn");
        consent(alice, app, "user_info_read", "user_chat_duration_read");
        PageBrowser browser = PageBrowser.signedIn(url, alice);
        try (EventStream page = page(browser)) {
            Response opened = proven(app, alice.id(), ASKED);
            assertTrue(opened.<Boolean>path("prompted"), opened.asString());
            shown(page);
            Fixtures.execute("UPDATE consent SET scopes = ARRAY['user_info_read'] WHERE user_id = :p1 AND appid = :p2",
                    alice.id(), app.appid());
            String before = consentOf(alice, app);
            Response approved = browser.post("/me/prompts/" + opened.path("request_id"), Map.of("csrf", csrf(browser), "decision", "allow"));
            assertEquals(400, approved.statusCode(), approved.asString());
            assertEquals(before, consentOf(alice, app));
            assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant g WHERE g.user_id = :p1", alice.id()));
        }
    }

    @Test
    void aNonFirstPartyAppCannotPromptAUserWhoNeverAuthorizedItAFirstPartyAppCan() throws Exception {
        TestApp app = app();
        TestUser carol = Fixtures.user("attack-stranger");
        PageBrowser browser = PageBrowser.signedIn(url, carol);
        try (EventStream page = page(browser)) {
            Response stranger = proven(app, carol.id(), "user_info_read");
            assertEquals(200, stranger.statusCode(), stranger.asString());
            assertFalse(stranger.<Boolean>path("prompted"));
            assertNull(page.next("prompts", Duration.ofMillis(1200)), "nothing pushed");
            assertEquals("0:0", consentOf(carol, app));
            Fixtures.execute("UPDATE authorization_prompt SET status = 'expired' WHERE appid = :p1", app.appid());

            // The operator marks the app first-party (admin API): now she is prompted, and only she can approve.
            Response marked = TestHttps.given(url).header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                    .body(Map.of("prompt_first_party", true)).patch("/admin/apps/" + app.clientId());
            assertEquals(200, marked.statusCode(), marked.asString());
            assertTrue(marked.<Boolean>path("prompt_first_party"));
            Response firstParty = proven(app, carol.id(), "user_info_read");
            assertTrue(firstParty.<Boolean>path("prompted"), firstParty.asString());
            assertEquals(1, shown(page).size());
        }
    }

    private static String csrf(PageBrowser browser) {
        Response page = browser.get("/account/apps");
        assertEquals(200, page.statusCode(), page.asString());
        return hidden(page.asString(), "csrf");
    }
}
