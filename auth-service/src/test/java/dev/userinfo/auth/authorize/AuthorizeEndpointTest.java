package dev.userinfo.auth.authorize;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static dev.userinfo.auth.testing.PageBrowser.one;
import static dev.userinfo.auth.testing.PageBrowser.query;
import static dev.userinfo.auth.testing.PageBrowser.queryOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.testing.Consenting;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.Fixtures.TestUser;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.testing.RawHttps;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthorizeEndpointTest {

    static final String CB = "https://client.example/cb";
    static final String CB_WITH_QUERY = "http://127.0.0.1:9999/cb?tenant=1";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    static App confidential;
    static App publicApp;
    static App singleUri;
    static String issuer;

    @BeforeEach
    void apps() {
        if (confidential == null) {
            confidential = Fixtures.app("confidential", List.of(CB, CB_WITH_QUERY),
                    List.of("openid", "profile", "email", "offline_access", "user_info_read", "snsapi_userinfo"));
            publicApp = Fixtures.app("public", List.of("https://public.example/cb"), List.of("profile"));
            singleUri = Fixtures.app("confidential", List.of("https://single.example/only"), List.of("openid", "profile"));
            issuer = TestHttps.given(url).get("/.well-known/openid-configuration").path("issuer");
        }
        Fixtures.execute("DELETE FROM login_throttle WHERE throttle_key LIKE 'ip:%'");
    }

    private PageBrowser signedIn(TestUser user) {
        return PageBrowser.signedIn(url, user);
    }

    private static String request(String... extra) {
        return "/oauth2/authorize?" + PageBrowser.queryWith(List.of("response_type", "code", "client_id", confidential.clientId,
                "redirect_uri", CB, "scope", "openid profile", "state", "xyz"), extra);
    }

    static void assertErrorPageWithoutRedirect(Response response, String detail) {
        response.then().statusCode(400).contentType(containsString("text/html"))
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        assertNull(response.header("Location"), "never a redirect");
        if (detail != null) {
            response.then().body(containsString(detail));
        }
    }

    private static Map<String, List<String>> redirectedTo(Response response, String redirectUri) {
        assertEquals(303, response.statusCode(), response.asString());
        String location = response.header("Location");
        assertTrue(location.startsWith(redirectUri + (redirectUri.contains("?") ? "&" : "?")), location);
        return query(location);
    }

    private static long codeRows(String code, String redirectUri, long userId, String clientId) {
        return Fixtures.count("SELECT count(*) FROM authorization_code c JOIN authorization_grant g ON g.id = c.grant_id "
                + "WHERE c.code_hash = :p1 AND c.redeemed_at IS NULL AND c.redirect_uri = :p2 AND g.user_id = :p3 "
                + "AND g.client_id = :p4 AND c.expires_at > now() AND c.expires_at <= now() + interval '10 minutes'",
                Consenting.codeHash(code), redirectUri, userId, clientId);
    }

    @Test
    void aRedirectUriNotExactlyRegisteredGetsAnErrorPageAndNeverARedirect() {
        PageBrowser browser = signedIn(Fixtures.user("ruth"));
        for (String uri : List.of(
                "https://client.example/c",                 // prefix
                "https://client.example/cb/extra",          // extra path segment
                "https://client.example:8443/cb",           // other port
                "https://client.example:443/cb",            // same port spelled out: still not the same string
                "https://CLIENT.example/cb",                // other case (host)
                "https://client.example/CB",                // other case (path)
                "https://client.example/cb?a=1",            // added query
                "https://client.example/cb/",               // trailing slash
                "https://client.example/cb#frag",           // fragment
                "http://client.example/cb",                 // other scheme
                "https://client.example.evil.example/cb",   // other host
                "http://127.0.0.1:9999/cb",                 // registered one without its query
                "http://127.0.0.1:9999/cb?tenant=1&x=2",    // registered query plus more
                "",
                "javascript:alert(1)",
                "https://client.example/cb\u0000")) {
            assertErrorPageWithoutRedirect(browser.get(request("redirect_uri", uri)), null);
        }
        // Repeated redirect_uri, even both registered.
        assertErrorPageWithoutRedirect(browser.get(request() + "&redirect_uri=" + PageBrowser.urlEncode(CB)),
                "client_id or redirect_uri is repeated");
        // Not signed in: still an error page first, not the login page.
        assertErrorPageWithoutRedirect(new PageBrowser(url).get(request("redirect_uri", "https://client.example/cb/extra")),
                "redirect_uri is not registered for this app");
        // Several registered and none given.
        assertErrorPageWithoutRedirect(browser.get(request("redirect_uri", null, "scope", "profile")), "redirect_uri is required");
    }

    @Test
    void anUnknownDisabledMissingOrRepeatedClientGetsAnErrorPage() {
        PageBrowser browser = signedIn(Fixtures.user("sam"));
        assertErrorPageWithoutRedirect(browser.get(request("client_id", "no-such-app")), "unknown client_id");
        assertErrorPageWithoutRedirect(browser.get(request("client_id", null)), "client_id is missing");
        assertErrorPageWithoutRedirect(browser.get(request("client_id", "")), "client_id is missing");
        assertErrorPageWithoutRedirect(browser.get(request() + "&client_id=" + confidential.clientId), "repeated");
        for (String junk : List.of("' OR '1'='1", "<script>", "应用", "x".repeat(3000), "../../etc/passwd")) {
            assertErrorPageWithoutRedirect(browser.get(request("client_id", junk)), "unknown client_id");
        }
        assertErrorPageWithoutRedirect(browser.get(request("client_id", "a\u0000b")), "NUL");
        App disabled = Fixtures.app("confidential", List.of(CB), List.of("profile"));
        Fixtures.execute("UPDATE app SET enabled = false WHERE appid = :p1", disabled.appid);
        io.quarkus.arc.Arc.container().instance(io.quarkus.cache.CacheManager.class).get().getCache("apps").get()
                .invalidateAll().await().indefinitely();
        assertErrorPageWithoutRedirect(browser.get(request("client_id", disabled.clientId, "scope", "profile")), "unknown client_id");
    }

    @Test
    void signInThenConsentThenACodeWithStateAndIss() {
        TestUser user = Fixtures.user("una");
        PageBrowser browser = new PageBrowser(url);
        String authorize = request("nonce", "n-0S6_WzA2Mj", "code_challenge", challenge("verifier-una-0123456789-0123456789-0123456789"),
                "code_challenge_method", "S256");
        Response first = browser.get(authorize);
        first.then().statusCode(303);
        String login = first.header("Location");
        assertTrue(login.startsWith("/login?return_to="), login);

        Response loggedIn = browser.login(user.login(), user.password(),
                java.net.URLDecoder.decode(login.substring("/login?return_to=".length()), StandardCharsets.UTF_8));
        loggedIn.then().statusCode(303);
        assertEquals(authorize, loggedIn.header("Location"), "back to the same authorization request");

        Response consent = browser.get(loggedIn.header("Location"));
        consent.then().statusCode(200)
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Cache-Control", "no-store")
                .body(containsString(confidential.name))
                .body(containsString("Sign you in with OpenID Connect"))
                .body(containsString("Read your nickname, avatar and gender"))
                .body(containsString("client.example"));

        Map<String, List<String>> answer = redirectedTo(Consenting.answer(browser, consent, "allow"), CB);
        String code = one(answer, "code");
        assertEquals("xyz", one(answer, "state"));
        assertEquals(issuer, one(answer, "iss"));
        assertEquals(Base64.getUrlDecoder().decode(code).length, 32);
        assertEquals(1, codeRows(code, CB, user.id(), confidential.clientId));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_code c JOIN authorization_grant g ON g.id = c.grant_id "
                + "WHERE c.code_hash = :p1 AND c.code_challenge = :p2 AND c.code_challenge_method = 'S256' "
                + "AND g.nonce = 'n-0S6_WzA2Mj' AND g.scopes = ARRAY['openid','profile']::text[] AND g.revoked_at IS NULL",
                Consenting.codeHash(code), challenge("verifier-una-0123456789-0123456789-0123456789")));
        // The consent is remembered with its scopes.
        assertEquals(1, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2 "
                + "AND scopes @> ARRAY['openid','profile']::text[]", user.id(), confidential.appid));
    }

    @Test
    void stateComesBackByteForByteOnSuccessAndOnError() {
        TestUser user = Fixtures.user("vic");
        PageBrowser browser = signedIn(user);
        List<String> states = List.of("状态-✓-😀", "a+b c&d=e%20f#g", "<script>alert('x')</script>\"", "~!@$^*()_-[]{}|;:,./?",
                "x".repeat(2000), "ünïcödé ＆ full-width");
        boolean first = true;
        for (String state : states) {
            Response response = browser.get(request("state", state, "scope", "profile"));
            if (first) {
                response = Consenting.answer(browser, response, "allow");
                first = false;
            }
            Map<String, List<String>> answer = redirectedTo(response, CB);
            assertEquals(state, one(answer, "state"));
            assertNotNull(one(answer, "code"));
            assertEquals(issuer, one(answer, "iss"));

            Map<String, List<String>> error = redirectedTo(browser.get(request("state", state, "scope", "profile admin")), CB);
            assertEquals("invalid_scope", one(error, "error"));
            assertEquals(state, one(error, "state"));
            assertEquals(issuer, one(error, "iss"));
        }
        // No state sent: none comes back.
        Map<String, List<String>> none = redirectedTo(browser.get(request("state", null, "scope", "profile")), CB);
        assertNull(none.get("state"));
        assertNotNull(one(none, "code"));
    }

    @Test
    void rememberedConsentSkipsThePageUntilMoreIsAskedOrPromptConsent() {
        TestUser user = Fixtures.user("wes");
        PageBrowser browser = signedIn(user);
        redirectedTo(Consenting.answer(browser, browser.get(request("scope", "profile")), "allow"), CB);
        // Within the remembered scopes: straight back with a code.
        assertNotNull(one(redirectedTo(browser.get(request("scope", "profile")), CB), "code"));
        // More than remembered: the page again, listing the request.
        Response more = browser.get(request("scope", "profile email"));
        more.then().statusCode(200).body(containsString("Read your email address"));
        redirectedTo(Consenting.answer(browser, more, "allow"), CB);
        assertEquals(1, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1 AND appid = :p2 "
                + "AND scopes @> ARRAY['email','profile']::text[]", user.id(), confidential.appid));
        assertNotNull(one(redirectedTo(browser.get(request("scope", "email")), CB), "code"));
        // prompt=consent always asks.
        browser.get(request("scope", "profile", "prompt", "consent")).then().statusCode(200);
    }

    @Test
    void promptNoneLoginAndMaxAge() {
        TestUser user = Fixtures.user("xia");
        PageBrowser anonymous = new PageBrowser(url);
        Map<String, List<String>> loginRequired = redirectedTo(anonymous.get(request("prompt", "none")), CB);
        assertEquals("login_required", one(loginRequired, "error"));
        assertEquals("xyz", one(loginRequired, "state"));
        assertEquals(issuer, one(loginRequired, "iss"));

        PageBrowser browser = signedIn(user);
        Map<String, List<String>> consentRequired = redirectedTo(browser.get(request("prompt", "none")), CB);
        assertEquals("consent_required", one(consentRequired, "error"));

        redirectedTo(Consenting.answer(browser, browser.get(request()), "allow"), CB);
        assertNotNull(one(redirectedTo(browser.get(request("prompt", "none")), CB), "code"));

        // prompt=login: the login page even with a session; afterwards back to the request without prompt.
        Response relogin = browser.get(request("prompt", "login"));
        relogin.then().statusCode(303).header("Location", containsString("/login?return_to="));
        String returnTo = java.net.URLDecoder.decode(relogin.header("Location").substring("/login?return_to=".length()), StandardCharsets.UTF_8);
        assertFalse(returnTo.contains("prompt"), returnTo);
        Response back = browser.login(user.login(), user.password(), returnTo);
        assertNotNull(one(redirectedTo(browser.get(back.header("Location")), CB), "code"));

        // max_age: a recent login satisfies it; a stale one means login again.
        assertNotNull(one(redirectedTo(browser.get(request("max_age", "3600")), CB), "code"));
        Fixtures.execute("UPDATE browser_session SET auth_time = now() - interval '2 hours' WHERE user_id = :p1", user.id());
        browser.get(request("max_age", "3600")).then().statusCode(303).header("Location", containsString("/login?return_to="));
        assertEquals("invalid_request", one(redirectedTo(browser.get(request("max_age", "-1")), CB), "error"));
        assertEquals("invalid_request", one(redirectedTo(browser.get(request("prompt", "none login")), CB), "error"));
        assertEquals("invalid_request", one(redirectedTo(browser.get(request("prompt", "sometimes")), CB), "error"));
    }

    @Test
    void denyingSendsAccessDeniedAndIssuesNothing() {
        TestUser user = Fixtures.user("yan");
        PageBrowser browser = signedIn(user);
        Map<String, List<String>> answer = redirectedTo(Consenting.answer(browser, browser.get(request()), "deny"), CB);
        assertEquals("access_denied", one(answer, "error"));
        assertEquals("xyz", one(answer, "state"));
        assertEquals(issuer, one(answer, "iss"));
        assertNull(answer.get("code"));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", user.id()));
    }

    @Test
    void errorsAfterTheClientIsKnownGoBackToTheAppWithStateAndIss() {
        PageBrowser browser = signedIn(Fixtures.user("zed"));
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(request("response_type", null), "invalid_request");
        cases.put(request("response_type", "token"), "unsupported_response_type");
        cases.put(request("response_type", "code id_token"), "unsupported_response_type");
        cases.put(request("scope", null), "invalid_scope");
        cases.put(request("scope", ""), "invalid_scope");
        cases.put(request("scope", "admin"), "invalid_scope");
        cases.put(request("scope", "quota_write"), "invalid_scope");           // exists, not allowed for this app
        cases.put(request("scope", "profile\u0000"), "invalid_request");
        cases.put(request("nonce", "n\u0000"), "invalid_request");
        cases.put(request("scope", "' OR 1=1 --"), "invalid_scope");
        cases.put(request() + "&scope=email", "invalid_request");              // repeated
        cases.put(request() + "&nonce=a&nonce=b", "invalid_request");
        cases.put(request("code_challenge", challenge("v".repeat(50)), "code_challenge_method", "plain"), "invalid_request");
        cases.put(request("code_challenge", challenge("v".repeat(50))), "invalid_request");   // method defaults to plain
        cases.put(request("code_challenge", challenge("v".repeat(50)), "code_challenge_method", "S512"), "invalid_request");
        cases.put(request("code_challenge_method", "S256"), "invalid_request");
        cases.put(request("code_challenge", "too-short", "code_challenge_method", "S256"), "invalid_request");
        cases.put(request("code_challenge", "a".repeat(42) + "=", "code_challenge_method", "S256"), "invalid_request");
        cases.put(request("nonce", "x".repeat(600)), "invalid_request");
        cases.put(request("request", "eyJhbGciOiJub25lIn0.e30."), "request_not_supported");
        cases.put(request("request_uri", "https://evil.example/r"), "request_uri_not_supported");
        cases.put(request("response_mode", "fragment"), "invalid_request");
        cases.put(request("max_age", "soon"), "invalid_request");
        cases.forEach((target, error) -> {
            Map<String, List<String>> answer = redirectedTo(browser.get(target), CB);
            assertEquals(error, one(answer, "error"), target);
            assertNotNull(one(answer, "error_description"), target);
            assertEquals("xyz", one(answer, "state"), target);
            assertEquals(issuer, one(answer, "iss"), target);
            assertNull(answer.get("code"), target);
        });
        // A repeated state cannot be echoed: the error comes without one.
        Map<String, List<String>> repeatedState = redirectedTo(browser.get(request() + "&state=abc"), CB);
        assertEquals("invalid_request", one(repeatedState, "error"));
        assertNull(repeatedState.get("state"));
        // An absurdly long state is refused rather than echoed.
        Map<String, List<String>> longState = redirectedTo(browser.get(request("state", "s".repeat(3000))), CB);
        assertEquals("invalid_request", one(longState, "error"));
        assertNull(longState.get("state"));
    }

    @Test
    void publicClientsMustUsePkceAndConfidentialOnesMay() {
        TestUser user = Fixtures.user("abe");
        PageBrowser browser = signedIn(user);
        String base = "/oauth2/authorize?" + queryOf("response_type", "code", "client_id", publicApp.clientId, "scope", "profile", "state", "p");
        Map<String, List<String>> refused = redirectedTo(browser.get(base), "https://public.example/cb");
        assertEquals("invalid_request", one(refused, "error"));
        assertTrue(one(refused, "error_description").contains("PKCE"));

        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        Response consent = browser.get(base + "&" + queryOf("code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        Map<String, List<String>> ok = redirectedTo(Consenting.answer(browser, consent, "allow"), "https://public.example/cb");
        assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_code WHERE code_hash = :p1 AND code_challenge = :p2",
                Consenting.codeHash(one(ok, "code")), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));

        // A confidential client without PKCE is accepted (RFC 9700 §2.1.1 allows it with a client secret).
        redirectedTo(Consenting.answer(browser, browser.get(request("scope", "profile")), "allow"), CB);
        assertNotNull(one(redirectedTo(browser.get(request("scope", "profile")), CB), "code"));
    }

    @Test
    void aRegisteredQueryIsKeptAndASingleRegisteredUriMayBeOmitted() {
        PageBrowser browser = signedIn(Fixtures.user("bea"));
        Response withQuery = Consenting.answer(browser, browser.get(request("redirect_uri", CB_WITH_QUERY, "scope", "profile")), "allow");
        Map<String, List<String>> answer = redirectedTo(withQuery, CB_WITH_QUERY);
        assertEquals("1", one(answer, "tenant"));
        assertNotNull(one(answer, "code"));

        String omitted = "/oauth2/authorize?" + queryOf("response_type", "code", "client_id", singleUri.clientId, "scope", "profile", "state", "s1");
        Map<String, List<String>> single = redirectedTo(Consenting.answer(browser, browser.get(omitted), "allow"), "https://single.example/only");
        assertEquals("s1", one(single, "state"));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_code WHERE code_hash = :p1 AND redirect_uri = :p2 "
                + "AND NOT redirect_uri_given", Consenting.codeHash(one(single, "code")), "https://single.example/only"));
        // The request that named its redirect_uri is remembered as such: its token request must repeat it.
        assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_code WHERE code_hash = :p1 AND redirect_uri_given",
                Consenting.codeHash(one(answer, "code"))));
        // OIDC Core §3.1.2.1: an OpenID request names its redirect_uri.
        Map<String, List<String>> openid = redirectedTo(browser.get(omitted.replace("scope=profile", "scope=openid")), "https://single.example/only");
        assertEquals("invalid_request", one(openid, "error"));
    }

    @Test
    void theConsentFormRefusesAMissingOrForeignCsrfTokenAndIssuesNothing() {
        TestUser user = Fixtures.user("cal");
        PageBrowser browser = signedIn(user);
        Response consent = browser.get(request());
        String html = consent.asString();
        Map<String, Object> form = new java.util.LinkedHashMap<>(Map.of("request", hidden(html, "request"),
                "dialect", hidden(html, "dialect"), "decision", "allow"));
        Response missing = browser.post("/oauth2/authorize/decision", form);
        missing.then().statusCode(403).header("X-Frame-Options", "DENY");
        assertNull(missing.header("Location"));
        form.put("csrf", "forged");
        browser.post("/oauth2/authorize/decision", form).then().statusCode(403);
        // Another user's valid token.
        PageBrowser other = signedIn(Fixtures.user("cal2"));
        form.put("csrf", hidden(other.get(request()).asString(), "csrf"));
        browser.post("/oauth2/authorize/decision", form).then().statusCode(403);
        // Not signed in at all.
        form.put("csrf", hidden(html, "csrf"));
        new PageBrowser(url).post("/oauth2/authorize/decision", form).then().statusCode(401);
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id()));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", user.id()));
        // A tampered request in the form is validated again: an unregistered redirect URI gets the error page.
        form.put("request", hidden(html, "request").replace(PageBrowser.urlEncode(CB), PageBrowser.urlEncode("https://evil.example/cb")));
        assertErrorPageWithoutRedirect(browser.post("/oauth2/authorize/decision", form), "redirect_uri is not registered");
        form.put("request", hidden(html, "request"));
        form.put("decision", "maybe");
        browser.post("/oauth2/authorize/decision", form).then().statusCode(400);
        form.put("decision", "allow");
        form.put("dialect", "nonsense");
        browser.post("/oauth2/authorize/decision", form).then().statusCode(400);
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id()));
        browser.postRaw("/oauth2/authorize/decision", "application/json", "{}").then().statusCode(400);
    }

    @Test
    void anAuthorizationRequestMayBeAFormPost() {
        PageBrowser browser = signedIn(Fixtures.user("dee"));
        Response consent = browser.post("/oauth2/authorize", Map.of("response_type", "code", "client_id", confidential.clientId,
                "redirect_uri", CB, "scope", "profile", "state", "posted"));
        Map<String, List<String>> answer = redirectedTo(Consenting.answer(browser, consent, "allow"), CB);
        assertEquals("posted", one(answer, "state"));
        browser.postRaw("/oauth2/authorize", "text/plain", "client_id=x").then().statusCode(400);

        // A long state (≤ 2048 characters, encoded twice in the consent form) is a page's business, not the
        // token endpoint's 8 KiB JSON refusal.
        String longState = "s".repeat(2048);
        PageBrowser another = signedIn(Fixtures.user("dee-long"));
        Response longConsent = another.post("/oauth2/authorize", Map.of("response_type", "code", "client_id", confidential.clientId,
                "redirect_uri", CB, "scope", "profile", "state", longState, "padding", "p".repeat(7000)));
        longConsent.then().contentType(org.hamcrest.Matchers.containsString("text/html"));
        assertEquals(longState, one(redirectedTo(Consenting.answer(another, longConsent, "allow"), CB), "state"));
    }

    @Test
    void theConsentPageSpeaksChinese() {
        PageBrowser browser = signedIn(Fixtures.user("eve")).language("zh-CN,zh;q=0.9");
        browser.get(request()).then().statusCode(200)
                .body(containsString("以 OpenID Connect 登录"))
                .body(containsString("读取你的昵称、头像和性别"))
                .body(containsString("同意"))
                .body(containsString("拒绝"));
    }

    @Test
    void malformedOrHugeRequestsGetAnErrorPageNeverAServerError() {
        PageBrowser browser = signedIn(Fixtures.user("fay"));
        for (String target : List.of("/oauth2/authorize?client_id=%zz", "/oauth2/authorize?state=%E0%A4&client_id=x",
                "/oauth2/authorize?client_id=" + confidential.clientId + "&redirect_uri=%", "/oauth2/authorize")) {
            RawHttps.Answer answer = RawHttps.get(url, target);
            assertEquals(400, answer.status(), target + "\n" + answer.head());
            assertNull(answer.header("Location"), target);
        }
        Response huge = browser.get(request("state", "s".repeat(5000), "nonce", "n".repeat(5000)));
        assertTrue(huge.statusCode() == 400 || huge.statusCode() == 414 || huge.statusCode() == 431, "status " + huge.statusCode());
        assertNull(huge.header("Location"));
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
