package dev.userinfo.quota;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.testing.JsonShape;
import dev.userinfo.contracts.testing.SeedExamples;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 003's {@code GET /api/user/self}: the seed's example request against its example, secrets, X-Api-User, errors. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class SelfContractTest extends QuotaTestSupport {

    private Response self(String token, String... apiUser) {
        var spec = https();
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        for (String u : apiUser) {
            spec.header("X-Api-User", u);
        }
        return spec.get("/api/user/self");
    }

    /**
     * Seed 003's own example request, as printed: {@code X-Api-User: 0} and {@code Authorization: Bearer 123456xxx},
     * both placeholders ("用户数字ID编号", "系统访问令牌") replaced by our user's id and token. The answer is compared
     * field by field with the seed's example (docs/contracts/seeds/003-user-self-200.json): its 29 keys in its order,
     * their JSON types, the envelope's success. The user has logged in, so last_login_* carry values of their types.
     */
    @Test
    void theSeedsExampleRequestAnswersTheSeedsExampleFieldForField() throws Exception {
        long id = newAccount(1_234_567);
        deliver(List.of(withLogin(event(2, "user.updated", id, "user" + id, "active", 2), "2026-11-22T07:59:58Z",
                "203.0.113.7"))).then().statusCode(200).body("applied", equalTo(1));
        String body = https().header("X-Api-User", Long.toString(id))
                .header("Authorization", "Bearer " + userToken(id, "quota_read"))
                .get("/api/user/self").then().statusCode(200).contentType(containsString("application/json"))
                .extract().asString();
        JsonShape.assertMatches(SeedExamples.read(SeedExamples.USER_SELF_200), body, "/success");
        JsonNode root = new ObjectMapper().readTree(body);
        assertEquals("", root.get("message").textValue());
        JsonNode data = root.get("data");
        assertEquals(id, data.get("id").longValue());
        assertEquals("user" + id, data.get("username").textValue());
        assertEquals("USER" + id, data.get("display_name").textValue());
        assertEquals("user" + id + "@example.com", data.get("email").textValue());
        assertEquals(1, data.get("role").intValue());
        assertEquals(1, data.get("status").intValue());
        assertEquals(1_234_567, data.get("quota").longValue());
        assertEquals("default", data.get("group").textValue());
        assertEquals(1, data.get("group_ratio").intValue());
        assertEquals(1, data.get("topup_ratio").intValue());
        assertEquals(16, data.get("aff_code").textValue().length());
        assertEquals(1795168800L, data.get("created_at").longValue());   // 2026-11-20T10:00:00Z from the event
        assertEquals(1795334398L, data.get("last_login_at").longValue());   // 2026-11-22T07:59:58Z in Unix seconds
        assertEquals("203.0.113.7", data.get("last_login_ip").textValue());
    }

    @Test
    void secretsNeverCarryAValue() throws Exception {
        long id = newAccount(10);
        // Whatever is stored, the view has nothing to fill them from: assert on a user with every other field set.
        sql("UPDATE account SET github_id = 'gh', wechat_id = 'wx', oidc_id = 'oidc', google_id = 'g',"
                + " last_login_ip = '10.0.0.1', last_login_at = 5 WHERE id = $1", id);
        String token = userToken(id, "quota_read");
        JsonNode data = new ObjectMapper().readTree(self(token).then().statusCode(200).extract().asString()).get("data");
        assertEquals("", data.get("password").textValue());
        assertEquals("", data.get("verification_code").textValue());
        assertTrue(data.get("access_token").isNull());
        assertTrue(data.get("deleted_at").isNull());
        assertEquals("gh", data.get("github_id").textValue());
        self(token).then().body(not(containsString(token)));
    }

    @Test
    void aPersonalAccessTokenReadsTheSelfView() {
        long id = newAccount(10);
        // jwt-verification presents a pat_… token as a user token of client "personal-access-token" (contract §1);
        // its scopes count as any token's (issue #13, 2).
        String pat = personalToken(id, "quota_read");
        assertEquals(id, self(pat, Long.toString(id)).then().statusCode(200).extract().jsonPath().getLong("data.id"));
        refused(self(personalToken(id, "profile")), 403, "quota_read");
    }

    @Test
    void xApiUserMustBeTheTokensUser() {
        long id = newAccount(10);
        long other = newAccount(10);
        String token = userToken(id, "quota_read");
        self(token).then().statusCode(200);
        self(token, Long.toString(id)).then().statusCode(200);
        for (String bad : new String[] {Long.toString(other), "0", "-1", "abc", "", "1 OR 1=1", id + ".0", "１"}) {
            refused(self(token, bad), 401, "X-Api-User");
        }
        refused(self(token, Long.toString(id), Long.toString(id)), 401, "X-Api-User");   // repeated: ambiguous
        refused(self(token, Long.toString(id), Long.toString(other)), 401, "X-Api-User");
    }

    @Test
    void everyRefusalIsInTheSeedsEnvelope() {
        long id = newAccount(10);
        refused(self(null), 401, "未登录");
        refused(self("not-a-jwt"), 401, "无效");
        refused(https().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/user/self"), 401, "未登录");
        refused(self(tokens().token().subject(Long.toString(id)).scope("quota_read")
                .lifetime(java.time.Duration.ofSeconds(-60)).sign()), 401, "无效");
        refused(self(tokens().forClient("demo-app", "quota_read")), 401, "不代表用户");
        refused(self(userToken(id, "openid")), 403, "quota_read");
        refused(self(userToken(newUserId(), "quota_read")), 404, "用户不存在");   // not delivered (yet)
        sql("UPDATE account SET status = 2, admin_disabled = true WHERE id = $1", id);
        refused(self(userToken(id, "quota_read")), 403, "封禁");
    }

    @Test
    void groupsListTheConfiguredRatios() {
        long id = newAccount(10);
        https().header("Authorization", "Bearer " + userToken(id, "quota_read")).get("/api/user/self/groups")
                .then().statusCode(200).body("success", equalTo(true))
                .body("data.default.ratio", equalTo(1)).body("data.vip.topup_ratio", equalTo(2));
        refused(https().get("/api/user/self/groups"), 401, "未登录");
    }

    static void refused(Response r, int status, String message) {
        r.then().statusCode(status).contentType(containsString("application/json"))
                .body("success", equalTo(false)).body("message", containsString(message))
                .body("$", not(hasKey("data")))   // no data on a refusal, as new-api (issue #15, 5)
                .body(not(containsString("Exception")));
    }

}
