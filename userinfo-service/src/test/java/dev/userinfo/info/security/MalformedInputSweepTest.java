package dev.userinfo.info.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.MalformedInputSweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 7: every operation of this service's OpenAPI document, sent bad paths, queries, bodies, content
 * types, Accept values, methods and credentials, answers below 500, names no exception, and in its path's envelope.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class MalformedInputSweepTest extends ServiceTest {

    @Test
    void malformedInputNeverGets5xxOrLeavesItsEnvelope() throws Exception {
        long user = createUser("sweep" + newUserId(), "Sweep", null, null);
        MalformedInputSweep sweep = new MalformedInputSweep(url, tokens(), List.of(
                "Bearer " + tokens().forUser(String.valueOf(user), "demo-app", "openid", "profile", "org_read"),
                "Bearer " + deliveryToken(),
                "Bearer test-admin-token"));
        MalformedInputSweep.Result result = sweep.run(MalformedInputSweepTest::envelope, Set.of());
        java.nio.file.Files.write(java.nio.file.Path.of("target", "malformed-input-sweep.txt"), result.failures());
        assertTrue(result.failures().isEmpty(), result.failures().size() + " bad answers, e.g.\n"
                + String.join("\n", result.failures().subList(0, Math.min(40, result.failures().size()))));
        assertTrue(result.requests() >= 1500, "only " + result.requests() + " requests");
    }

    /** The envelope rule of the README's table "Error envelopes", per path prefix. */
    static String envelope(String method, String path, int status, String type, String body) {
        if (status == 0) {
            return "connection closed without an answer";
        }
        if (type.startsWith("text/html")) {
            return "HTML from a JSON API";
        }
        if (status < 400 || body.isEmpty() && (status == 401 || "HEAD".equals(method))) {
            // Successes are each endpoint's own tests' business; RFC 6750 §3.1 lets a 401 without a token be bare.
            return null;
        }
        Map<String, Object> json = MalformedInputSweep.jsonObject(body);
        if (json == null) {
            return "not a JSON object";
        }
        if (path.startsWith("/admin/")) {
            return json.containsKey("error") && json.containsKey("detail") && json.containsKey("status") ? null : "not the admin problem shape";
        }
        if (path.startsWith("/chatroom/")) {
            return "failed".equals(json.get("status")) && json.containsKey("msg") && json.containsKey("result") ? null : "not seed 000's envelope";
        }
        if (path.startsWith("/userservices/")) {
            return code(json.get("err_code")) == status && json.containsKey("err_msg") ? null : "not seed 001's envelope";
        }
        if (path.startsWith("/user/info")) {
            return code(json.get("code")) == status && "fail".equals(json.get("status")) && json.containsKey("message")
                    ? null : "not seed 002's envelope";
        }
        if (path.startsWith("/developer/")) {
            return code(json.get("code")) == status && json.containsKey("msg") && json.containsKey("data") ? null : "not seed 004's envelope";
        }
        return json.containsKey("error") ? null : "not {error, error_description}";
    }

    private static int code(Object value) {
        return value instanceof Number n ? n.intValue() : Objects.hashCode(value) == 0 ? -1 : -2;
    }

    @Test
    void unknownProfilesOrgsAre404InTheAdminEnvelope() {
        given().header("Authorization", "Bearer test-admin-token").get("/admin/profiles/" + newUserId() + "/orgs")
                .then().statusCode(404).body("error", org.hamcrest.Matchers.equalTo("not_found"));
        long user = createUser("orgless" + newUserId(), "Orgless", null, null);
        assertEquals("[]", given().header("Authorization", "Bearer test-admin-token")
                .get("/admin/profiles/" + user + "/orgs").then().statusCode(200).extract().asString());
    }
}
