package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * auth-service's server-rendered pages without a browser: keeps cookies, never follows a redirect, reads hidden form
 * fields. For tests that need a user's token but are not about the pages (BrowserFlowIT drives them in Chromium).
 */
final class PageClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String auth;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** The address the pages are told the user signs in from (X-Forwarded-For), or null for the socket's own. */
    private final String forwardedFor;

    PageClient(HttpClient client, String auth) {
        this(client, auth, null);
    }

    /**
     * Every page request says it comes from {@code forwardedFor} through a loopback proxy (X-Forwarded-For), which
     * auth-service believes in the local profile only: the user signs in "from" that address.
     */
    PageClient(HttpClient client, String auth, String forwardedFor) {
        this.client = client;
        this.auth = auth;
        this.forwardedFor = forwardedFor;
    }

    /**
     * The authorization-code flow as {@code login}, approving the consent page: the access token for {@code scope}.
     * The app must allow {@code redirectUri} and the scopes; nothing needs to listen there (the code is read from the
     * Location header).
     */
    String userAccessToken(String clientId, String clientSecret, String redirectUri, String scope, String login,
                           String password) throws Exception {
        String authorize = "/oauth2/authorize?response_type=code&client_id=" + form(clientId) + "&redirect_uri="
                + form(redirectUri) + "&scope=" + form(scope) + "&state=page-client";
        String code = query(approve(authorize, redirectUri, login, password)).get("code");
        assertTrue(code != null, "no code in the redirect");
        HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + form(code)
                        + "&redirect_uri=" + form(redirectUri)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.statusCode() == 200 ? "" : token.body());
        return JSON.readTree(token.body()).get("access_token").asText();
    }

    /**
     * Seed 001 as its document shows it: 第一步 with the SDK example's app_id, scope {@code snsapi_userinfo} and state
     * {@code test} (answered err_code 0, the code and the state), then 第二步's link as printed,
     * {@code ?app_id=APPID&app_key=APPKEY&code=CODE}. The answer of 第二步, for the caller to compare with the seed.
     */
    HttpResponse<String> seed001Token(String appId, String appKey, String redirectUri, String login, String password)
            throws Exception {
        Map<String, String> answer = query(approve("/userservices/v2/authorization/authorize?app_id=" + form(appId)
                + "&scope=snsapi_userinfo&state=test", redirectUri, login, password));
        assertEquals("0", answer.get("err_code"), "seed 001 第一步: " + answer);
        assertEquals("test", answer.get("state"));
        return client.send(HttpRequest.newBuilder(URI.create(auth + "/userservices/v2/authorization/token?app_id="
                + form(appId) + "&app_key=" + form(appKey) + "&code=" + form(answer.get("code")))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Opens an authorization request, signs in if the login page comes, approves the consent page if it comes (not
     * when consent is remembered): the redirect back to the app.
     */
    private String approve(String authorize, String redirectUri, String login, String password) throws Exception {
        HttpResponse<String> answer = get(authorize);
        if (answer.statusCode() == 303 && location(answer).startsWith("/login")) {
            answer = get(location(signIn(answer, login, password)));
        }
        if (answer.statusCode() == 200) {
            answer = post("/oauth2/authorize/decision", "csrf=" + form(hidden(answer.body(), "csrf"))
                    + "&request=" + form(hidden(answer.body(), "request"))
                    + "&dialect=" + form(hidden(answer.body(), "dialect")) + "&decision=allow");
        }
        String back = location(answer);
        assertTrue(back.startsWith(redirectUri + "?"), "not sent back to the app: " + back);
        return back;
    }

    /** The decoded query of a redirect to the app (each parameter once). */
    private static Map<String, String> query(String location) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Follows a redirect to the login page and signs in there; the answer is the 303 back to where it came from. */
    private HttpResponse<String> signIn(HttpResponse<String> toLogin, String login, String password) throws Exception {
        HttpResponse<String> loginPage = get(location(toLogin));
        assertEquals(200, loginPage.statusCode());
        HttpResponse<String> signedIn = post("/login", "csrf=" + form(hidden(loginPage.body(), "csrf"))
                + "&return_to=" + form(hidden(loginPage.body(), "return_to"))
                + "&login=" + form(login) + "&password=" + form(password));
        assertEquals(303, signedIn.statusCode(), "login refused");
        return signedIn;
    }

    /**
     * A personal access token of {@code login} with {@code scope}, made on /account/tokens after signing in: an
     * operator's own credential, which account-quota-service's admin API requires (issue #13, 2).
     */
    String personalAccessToken(String login, String password, String scope) throws Exception {
        HttpResponse<String> toLogin = get("/account/tokens");
        if (toLogin.statusCode() != 200) {
            assertEquals(303, toLogin.statusCode(), "/account/tokens without a session: " + toLogin.body());
            signIn(toLogin, login, password);
        }
        HttpResponse<String> page = get("/account/tokens");
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> created = post("/account/tokens", "csrf=" + form(hidden(page.body(), "csrf"))
                + "&name=" + form("it-" + System.nanoTime()) + "&scope=" + form(scope) + "&days=1");
        assertEquals(200, created.statusCode(), created.body());
        Matcher m = Pattern.compile("id=\"new-token\">(pat_[A-Za-z0-9_-]+)<").matcher(created.body());
        assertTrue(m.find(), "no new token on the page");
        return m.group(1);
    }

    /** Signs in as {@code login} and gives the session's Cookie header, for requests this client does not make. */
    String sessionCookies(String login, String password) throws Exception {
        HttpResponse<String> toLogin = get("/account/apps");
        if (toLogin.statusCode() != 200) {
            signIn(toLogin, login, password);
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return absorb(client.send(withCookies(HttpRequest.newBuilder(URI.create(auth + pathAndQuery))).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return absorb(client.send(withCookies(HttpRequest.newBuilder(URI.create(auth + path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder builder) {
        builder.header("Accept-Language", "en");
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
            builder.header("Cookie", header.toString());
        }
        return builder;
    }

    private HttpResponse<String> absorb(HttpResponse<String> response) {
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    private static String location(HttpResponse<String> response) {
        assertEquals(303, response.statusCode(), "expected a redirect");
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), "no hidden field " + name + " on the page");
        return m.group(1).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
