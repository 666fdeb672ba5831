package dev.userinfo.quota.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.MalformedInputSweep;
import dev.userinfo.quota.QuotaTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 7: every operation of this service's OpenAPI document, sent bad paths, queries, bodies, content
 * types, Accept values, methods and credentials, answers below 500, names no exception, and in seed 003's envelope.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class MalformedInputSweepTest extends QuotaTestSupport {

    @Test
    void malformedInputNeverGets5xxOrLeavesTheSeed003Envelope() throws Exception {
        long user = newAccount(1_000);
        long before = account(user).getLong("quota");
        MalformedInputSweep sweep = new MalformedInputSweep(url, tokens(), List.of(
                "Bearer " + userToken(user, "quota_read", "quota_write"),
                "Bearer " + deliveryToken(),
                "Bearer " + serviceToken()));
        MalformedInputSweep.Result result = sweep.run(MalformedInputSweepTest::envelope, Set.of());
        java.nio.file.Files.write(java.nio.file.Path.of("target", "malformed-input-sweep.txt"), result.failures());
        assertTrue(result.failures().isEmpty(), result.failures().size() + " bad answers, e.g.\n"
                + String.join("\n", result.failures().subList(0, Math.min(40, result.failures().size()))));
        assertTrue(result.requests() >= 1500, "only " + result.requests() + " requests");
        assertEquals(before, account(user).getLong("quota"), "malformed input moved no quota");
    }

    /** The README's rule: every error of this service is seed 003's {message, success:false, error} (data only on insufficient_quota), the admin API's the admin problem. */
    static String envelope(String method, String path, int status, String type, String body) {
        if (status == 0) {
            return "connection closed without an answer";
        }
        if (type.startsWith("text/html")) {
            return "HTML from a JSON API";
        }
        boolean bearerLayer = path.startsWith("/internal/") || path.equals("/whoami");
        if (status < 400 || body.isEmpty() && ("HEAD".equals(method) || bearerLayer && status == 401)) {
            // jwt-verification's RFC 6750 §3.1 401 for a missing or bad token on /internal and /whoami is bare.
            return null;
        }
        Map<String, Object> json = MalformedInputSweep.jsonObject(body);
        if (json == null) {
            return "not a JSON object";
        }
        if (bearerLayer && status == 403 && json.containsKey("error")) {
            return null;   // jwt-verification's RFC 6750 insufficient_scope
        }
        if (path.startsWith("/api/admin/")) {
            return type.startsWith("application/problem+json") && json.get("error") instanceof String && json.containsKey("detail")
                    && json.get("status") instanceof Number n && n.intValue() == status ? null : "not the admin problem";
        }
        if (json.containsKey("data") && !"insufficient_quota".equals(json.get("error"))) {
            return "data on a refusal (new-api answers {success:false, message} without it)";
        }
        return Boolean.FALSE.equals(json.get("success")) && json.containsKey("message") && json.get("error") instanceof String
                ? null : "not seed 003's envelope";
    }
}
