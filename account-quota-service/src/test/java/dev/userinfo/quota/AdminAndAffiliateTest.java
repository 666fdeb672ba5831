package dev.userinfo.quota;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.Test;

/** Admin API (list, search, adjust, disable, enable) and the affiliate transfer of seed 003's dialect. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AdminAndAffiliateTest extends QuotaTestSupport {

    private long admin() {
        long id = newAccount(0);
        sql("UPDATE account SET role = 10 WHERE id = $1", id);
        return id;
    }

    private Response adjust(long adminId, long target, String body) {
        return https().header("Authorization", "Bearer " + personalToken(adminId, "quota_write")).contentType(ContentType.JSON)
                .body(body).post("/api/admin/accounts/" + target + "/quota");
    }

    @Test
    void adminListsSearchesAndAdjustsWithALedgeredReason() {
        long adminId = admin();
        long target = newAccount(1_000);
        https().header("Authorization", "Bearer " + personalToken(adminId, "quota_read"))
                .get("/api/admin/accounts?keyword=user" + target).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].username", equalTo("user" + target))
                .body("items[0].quota", equalTo(1_000)).body(not(containsString("password")));
        https().header("Authorization", "Bearer " + personalToken(adminId, "quota_read"))
                .get("/api/admin/accounts?keyword=%25&page_size=5").then().statusCode(200).body("total", equalTo(0));
        https().header("Authorization", "Bearer " + personalToken(adminId, "quota_read"))
                .get("/api/admin/accounts?page_size=2").then().statusCode(200).body("items.size()", equalTo(2))
                .body("page", equalTo(1)).body("page_size", equalTo(2));
        for (String bad : new String[] {"page=0", "page=-1", "page=x", "page_size=0", "page_size=101"}) {
            https().header("Authorization", "Bearer " + personalToken(adminId, "quota_read")).get("/api/admin/accounts?" + bad)
                    .then().statusCode(400).contentType("application/problem+json").body("error", equalTo("invalid_request"));
        }
        adjust(adminId, target, "{\"delta\": 500, \"reason\": \"goodwill\"}").then().statusCode(200)
                .body("kind", equalTo("admin_adjust")).body("quota_delta", equalTo(500))
                .body("quota", equalTo(1_500)).body("actor", equalTo("user:" + adminId))
                .body("reason", equalTo("goodwill"));
        adjust(adminId, target, "{\"delta\": -1500, \"reason\": \"chargeback\"}").then().statusCode(200)
                .body("quota", equalTo(0));
        adjust(adminId, target, "{\"delta\": -1, \"reason\": \"too far\"}").then().statusCode(409)
                .body("error", equalTo("insufficient_quota"));
        for (String bad : new String[] {"{\"delta\": 0, \"reason\": \"x\"}", "{\"delta\": 5}", "{\"delta\": 1.5, \"reason\": \"x\"}",
                "{\"reason\": \"x\"}", "{\"delta\": \"5\", \"reason\": \"x\"}"}) {
            adjust(adminId, target, bad).then().statusCode(400).contentType("application/problem+json").body("error", equalTo("invalid_request"));
        }
        adjust(adminId, newUserId(), "{\"delta\": 5, \"reason\": \"x\"}").then().statusCode(404);
        https().header("Authorization", "Bearer " + personalToken(adminId, "quota_write")).contentType(ContentType.JSON)
                .body("{\"delta\": 5, \"reason\": \"x\"}").post("/api/admin/accounts/abc/quota").then().statusCode(400);
        assertEquals(0, account(target).getLong("quota"));
        assertEquals(2, ledgerCount(target));
    }

    @Test
    void adminDisablesAndEnables() {
        long adminId = admin();
        long target = newAccount(1_000);
        String token = personalToken(adminId, "quota_write");
        https().header("Authorization", "Bearer " + token).post("/api/admin/accounts/" + target + "/disable")
                .then().statusCode(200).body("status", equalTo(2)).body("admin_disabled", equalTo(true));
        https().header("Authorization", "Bearer " + userToken(target, "quota_read")).get("/api/user/self")
                .then().statusCode(403).body("message", equalTo("用户已被封禁"));
        https().header("Authorization", "Bearer " + token).post("/api/admin/accounts/" + target + "/enable")
                .then().statusCode(200).body("status", equalTo(1));
        https().header("Authorization", "Bearer " + userToken(target, "quota_read")).get("/api/user/self")
                .then().statusCode(200);
        https().header("Authorization", "Bearer " + token).post("/api/admin/accounts/" + adminId + "/disable")
                .then().statusCode(400);
    }

    @Test
    void nonAdminsAreRefused() {
        long plain = newAccount(0);
        long target = newAccount(0);
        https().header("Authorization", "Bearer " + personalToken(plain, "quota_read")).get("/api/admin/accounts")
                .then().statusCode(403).contentType("application/problem+json").body("error", equalTo("forbidden"));
        adjust(plain, target, "{\"delta\": 5, \"reason\": \"x\"}").then().statusCode(403);
        https().header("Authorization", "Bearer " + personalToken(plain, "quota_write")).post("/api/admin/accounts/" + target + "/disable")
                .then().statusCode(403);
        https().get("/api/admin/accounts").then().statusCode(401).contentType("application/problem+json").body("error", equalTo("invalid_token"));
        long disabledAdmin = admin();
        sql("UPDATE account SET status = 2 WHERE id = $1", disabledAdmin);
        adjust(disabledAdmin, target, "{\"delta\": 5, \"reason\": \"x\"}").then().statusCode(403);
        https().header("Authorization", "Bearer " + tokens().forClient(SERVICE, "quota_write")).get("/api/admin/accounts")
                .then().statusCode(403);
        assertEquals(0, account(target).getLong("quota"));
        assertEquals(1, account(target).getInteger("status"));
    }

    @Test
    void affTransferMovesAffiliateQuotaIntoQuota() {
        long id = newAccount(100);
        sql("UPDATE account SET aff_quota = 1200000 WHERE id = $1", id);
        String token = userToken(id, "quota_write");
        https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"quota\": 499999}")
                .post("/api/user/aff_transfer").then().statusCode(400).body("message", containsString("500000"));
        https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"quota\": 1200001}")
                .post("/api/user/aff_transfer").then().statusCode(409).body("message", equalTo("邀请额度不足！"));
        https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"quota\": \"x\"}")
                .post("/api/user/aff_transfer").then().statusCode(400);
        https().header("Authorization", "Bearer " + userToken(id, "quota_read")).contentType(ContentType.JSON)
                .body("{\"quota\": 500000}").post("/api/user/aff_transfer").then().statusCode(403);
        https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"quota\": 500000}")
                .post("/api/user/aff_transfer").then().statusCode(200).body("success", equalTo(true))
                .body("message", equalTo("划转成功")).body("$", hasKey("data"));   // data: null, as new-api
        Row a = account(id);
        assertEquals(500_100, a.getLong("quota"));
        assertEquals(700_000, a.getLong("aff_quota"));
        https().header("Authorization", "Bearer " + userToken(id, "quota_read")).get("/api/quota/ledger")
                .then().statusCode(200).body("data.items.kind", hasItem("aff_transfer"));
    }
}
