package dev.userinfo.quota.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.quota.QuotaTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, 2 (account-quota-service): a personal access token created with only {@code profile} read
 * {@code /api/user/self}, passed aff_transfer's quota_write check and, for an admin, the admin API; and the admin API
 * took any app's user token with quota_write. Each attack must be a 403 with every account exactly as before.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class PersonalTokenScopeAttackTest extends QuotaTestSupport {

    private record Snapshot(long quota, long usedQuota, long affQuota, int status, boolean adminDisabled, long ledgerRows) {
    }

    private Snapshot snapshot(long id) {
        Row a = account(id);
        return new Snapshot(a.getLong("quota"), a.getLong("used_quota"), a.getLong("aff_quota"), a.getInteger("status"),
                a.getBoolean("admin_disabled"), ledgerCount(id));
    }

    private long admin() {
        long id = newAccount(0);
        sql("UPDATE account SET role = 10 WHERE id = $1", id);
        return id;
    }

    /** A 403 in the endpoint's envelope: the admin problem on the admin API, seed 003's envelope elsewhere. */
    private static void refused(Response r, String error) {
        if (r.contentType().startsWith("application/problem+json")) {
            r.then().statusCode(403).body("status", equalTo(403)).body("error", equalTo(error)).body(not(containsString("Exception")));
            return;
        }
        r.then().statusCode(403).contentType(containsString("application/json")).body("success", equalTo(false))
                .body("error", equalTo(error)).body(not(containsString("Exception")));
    }

    private Response adjust(String token, long target) {
        return https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"delta\": 1000000000, \"reason\": \"mint\"}").post("/api/admin/accounts/" + target + "/quota");
    }

    private Response affTransfer(String token) {
        return https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"quota\": 500000}").post("/api/user/aff_transfer");
    }

    @Test
    void aProfileOnlyPersonalTokenCannotReadTheSelfViewOrTransferAffiliateQuota() {
        long id = newAccount(100);
        sql("UPDATE account SET aff_quota = 1000000 WHERE id = $1", id);
        Snapshot before = snapshot(id);
        String profileOnly = personalToken(id, "profile");
        refused(https().header("Authorization", "Bearer " + profileOnly).get("/api/user/self"), "insufficient_scope");
        refused(https().header("Authorization", "Bearer " + profileOnly).get("/api/user/self/groups"), "insufficient_scope");
        refused(https().header("Authorization", "Bearer " + profileOnly).get("/api/quota/ledger"), "insufficient_scope");
        refused(affTransfer(profileOnly), "insufficient_scope");
        refused(affTransfer(personalToken(id, "quota_read")), "insufficient_scope");
        refused(https().header("Authorization", "Bearer " + profileOnly).contentType(ContentType.JSON)
                .body("{\"user_id\":" + id + ",\"amount\":1,\"idempotency_key\":\"k\"}").post("/api/quota/consume"),
                "insufficient_scope");
        assertEquals(before, snapshot(id));
        // The same user's token with the scope is served: the refusal above was the scope, not the token kind.
        affTransfer(personalToken(id, "quota_write")).then().statusCode(200);
    }

    @Test
    void anAdminsProfileOnlyPersonalTokenCannotUseTheAdminApi() {
        long adminId = admin();
        long target = newAccount(1_000);
        Snapshot before = snapshot(target);
        String profileOnly = personalToken(adminId, "profile");
        refused(https().header("Authorization", "Bearer " + profileOnly).get("/api/admin/accounts"), "insufficient_scope");
        refused(adjust(profileOnly, target), "insufficient_scope");
        refused(https().header("Authorization", "Bearer " + profileOnly).post("/api/admin/accounts/" + target + "/disable"),
                "insufficient_scope");
        // quota_read lists but does not change.
        refused(adjust(personalToken(adminId, "quota_read"), target), "insufficient_scope");
        assertEquals(before, snapshot(target));
    }

    @Test
    void anAppsUserTokenWithQuotaWriteForAnAdminCannotUseTheAdminApi() {
        long adminId = admin();
        long target = newAccount(1_000);
        Snapshot before = snapshot(target);
        for (String appToken : List.of(userToken(adminId, "quota_write", "quota_read"),
                tokens().forUser(Long.toString(adminId), "some-other-app", "quota_write", "quota_read"))) {
            refused(https().header("Authorization", "Bearer " + appToken).get("/api/admin/accounts"), "insufficient_scope");
            refused(adjust(appToken, target), "insufficient_scope");
            refused(https().header("Authorization", "Bearer " + appToken).post("/api/admin/accounts/" + target + "/disable"),
                    "insufficient_scope");
            refused(https().header("Authorization", "Bearer " + appToken).get("/api/quota/ledger?user_id=" + target),
                    "insufficient_scope");
        }
        assertEquals(before, snapshot(target));
        // The admin's own personal access token with the scope is the operator's credential.
        adjust(personalToken(adminId, "quota_write"), target).then().statusCode(200).body("actor", equalTo("user:" + adminId));
    }
}
