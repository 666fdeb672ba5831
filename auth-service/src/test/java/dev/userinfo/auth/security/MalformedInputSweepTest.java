package dev.userinfo.auth.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.MalformedInputSweep;
import dev.userinfo.jwt.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 7: every operation of auth-service's OpenAPI document, sent bad paths, queries, bodies, content
 * types, Accept values, methods and credentials, answers below 500, names no exception, and on every JSON path in
 * that path's envelope (README "Error envelopes"); the HTML pages may stay HTML.
 */
@QuarkusTest
class MalformedInputSweepTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Test
    void malformedInputNeverGets5xxOrLeavesItsEnvelope() throws Exception {
        // Tokens of a key auth-service never published: expired and ill-signed credentials.
        MalformedInputSweep sweep = new MalformedInputSweep(url, new TestTokens("https://auth.test.local"),
                List.of("Bearer test-admin-token"));
        // The event stream stays open by design; its refusals are covered by the prompt tests.
        MalformedInputSweep.Result result = sweep.run(MalformedInputSweepTest::envelope, Set.of("/me/events"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "malformed-input-sweep.txt"), result.failures());
        assertTrue(result.failures().isEmpty(), result.failures().size() + " bad answers, e.g.\n"
                + String.join("\n", result.failures().subList(0, Math.min(40, result.failures().size()))));
        assertTrue(result.requests() >= 1500, "only " + result.requests() + " requests");
    }

    static String envelope(String method, String path, int status, String type, String body) {
        if (status == 0) {
            return "connection closed without an answer";
        }
        boolean admin = path.startsWith("/admin/");
        boolean json = admin || path.startsWith("/oauth2/token") || path.startsWith("/oauth2/revoke")
                || path.startsWith("/oauth2/introspect") || path.startsWith("/oauth2/prompt/") || path.startsWith("/internal/")
                || path.startsWith("/.well-known/") || path.startsWith("/userservices/v2/authorization/token");
        if (!json || status < 400 || body.isEmpty() && ("HEAD".equals(method) || status == 401)) {
            return null;
        }
        if (type.startsWith("text/html")) {
            return "HTML from a JSON API";
        }
        Map<String, Object> object = MalformedInputSweep.jsonObject(body);
        if (object == null) {
            return "not a JSON object";
        }
        if (admin) {
            return object.containsKey("error") && object.containsKey("detail") && object.containsKey("status") ? null : "not the admin problem shape";
        }
        if (path.startsWith("/userservices/")) {
            return object.containsKey("err_code") && object.containsKey("err_msg") ? null : "not seed 001's envelope";
        }
        return object.get("error") instanceof String ? null : "not RFC 6749 {error, error_description}";
    }
}
