package dev.userinfo.auth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.TestHttps;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal browser over real HTTPS for page tests: keeps cookies, never follows redirects, sends forms exactly as
 * written (repeated fields included), and reads hidden fields out of the HTML.
 */
public final class PageBrowser {

    private final URL base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String acceptLanguage = "en";

    public PageBrowser(URL base) {
        this.base = base;
    }

    public PageBrowser language(String acceptLanguage) {
        this.acceptLanguage = acceptLanguage;
        return this;
    }

    public URL baseUrl() {
        return base;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    private RequestSpecification request() {
        RequestSpecification spec = TestHttps.given(base).redirects().follow(false).urlEncodingEnabled(false);
        if (acceptLanguage != null) {
            spec.header("Accept-Language", acceptLanguage);
        }
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
            spec.header("Cookie", header.toString());
        }
        return spec;
    }

    /** GET of a path with its query already encoded. */
    public Response get(String pathAndQuery) {
        return absorb(request().get(pathAndQuery));
    }

    /** POST of a form, fields in order; a list value repeats its field. */
    public Response post(String path, Map<String, ?> form) {
        return postRaw(path, "application/x-www-form-urlencoded", encode(form));
    }

    public Response postRaw(String path, String contentType, String body) {
        RequestSpecification spec = request();
        if (contentType != null) {
            spec.contentType(contentType);
        }
        return absorb(spec.body(body == null ? "" : body).post(path));
    }

    private Response absorb(Response response) {
        for (String setCookie : response.headers().getValues("Set-Cookie")) {
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

    /** Signs in through the login page; returns the POST's answer (303 on success). */
    public Response login(String login, String password) {
        return login(login, password, null);
    }

    public Response login(String login, String password, String returnTo) {
        Response page = get(returnTo == null ? "/login" : "/login?return_to=" + urlEncode(returnTo));
        assertEquals(200, page.statusCode(), page.asString());
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("csrf", hidden(page.asString(), "csrf"));
        form.put("return_to", hidden(page.asString(), "return_to"));
        form.put("login", login);
        form.put("password", password);
        return post("/login", form);
    }

    public String sessionCookie() {
        return cookies.get("__Host-session");
    }

    /** The value of a hidden input of the page. */
    public static String hidden(String html, String name) {
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), "no hidden field " + name + " in " + html);
        return unescape(m.group(1));
    }

    public static List<String> hiddenAll(String html, String name) {
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(unescape(m.group(1)));
        }
        return values;
    }

    static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The query parameters of a Location header, decoded. */
    public static Map<String, List<String>> query(String location) {
        assertNotNull(location, "no Location header");
        int q = location.indexOf('?');
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (q < 0) {
            return params;
        }
        for (String pair : location.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    public static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null) {
            return null;
        }
        assertEquals(1, values.size(), name + " appears more than once");
        return values.get(0);
    }

    public static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    public static String encode(Map<String, ?> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> {
            List<Object> values = value instanceof List<?> list ? (List<Object>) list : List.of(value);
            for (Object v : values) {
                body.append(body.length() == 0 ? "" : "&").append(urlEncode(name)).append('=').append(urlEncode(String.valueOf(v)));
            }
        });
        return body.toString();
    }

    /** A browser in which {@code user} has signed in through the login form. */
    public static PageBrowser signedIn(URL base, Fixtures.TestUser user) {
        PageBrowser browser = new PageBrowser(base);
        browser.login(user.login(), user.password()).then().statusCode(303);
        return browser;
    }

    /**
     * A query string from {@code defaults} (name/value pairs) changed by {@code overrides}: a pair whose name is
     * there replaces its value (a null value removes it), any other pair is appended.
     */
    public static String queryWith(List<String> defaults, String... overrides) {
        List<String> params = new ArrayList<>(defaults);
        for (int i = 0; i < overrides.length; i += 2) {
            int at = params.indexOf(overrides[i]);
            if (at >= 0 && at % 2 == 0) {
                if (overrides[i + 1] == null) {
                    params.remove(at);
                    params.remove(at);
                } else {
                    params.set(at + 1, overrides[i + 1]);
                }
            } else if (overrides[i + 1] != null) {
                params.add(overrides[i]);
                params.add(overrides[i + 1]);
            }
        }
        return queryOf(params.toArray(String[]::new));
    }

    /** A query string from name/value pairs, in order. */
    public static String queryOf(String... nameValues) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            q.append(q.length() == 0 ? "" : "&").append(urlEncode(nameValues[i])).append('=').append(urlEncode(nameValues[i + 1]));
        }
        return q.toString();
    }
}
