package dev.userinfo.auth.testing;

import static dev.userinfo.auth.testing.PageBrowser.hidden;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** The consent page's form, submitted as a browser would. */
public final class Consenting {

    private Consenting() {
    }

    /** Submits the consent page {@code page} with {@code decision} (allow or deny). */
    public static Response answer(PageBrowser browser, Response page, String decision) {
        assertEquals(200, page.statusCode(), page.asString());
        String html = page.asString();
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("csrf", hidden(html, "csrf"));
        form.put("request", hidden(html, "request"));
        form.put("dialect", hidden(html, "dialect"));
        form.put("decision", decision);
        return browser.post("/oauth2/authorize/decision", form);
    }

    /** SHA-256 of a code as stored in authorization_code.code_hash. */
    public static byte[] codeHash(String code) {
        return dev.userinfo.auth.app.ClientSecrets.hash(code);
    }
}
