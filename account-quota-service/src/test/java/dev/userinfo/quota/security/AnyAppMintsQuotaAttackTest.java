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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, 1: "any app can mint or drain any account". An app's client token (with every scope it can register,
 * quota_write included) topped up, drained and read the ledger of a user who never authorized it. Each attack here
 * must end in 403 insufficient_scope with the victim's balance, counters and ledger exactly as before.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AnyAppMintsQuotaAttackTest extends QuotaTestSupport {

    /** What the demo app's client_credentials token carried before the fix: every scope it is registered for. */
    private static final String[] DEMO_APP_SCOPES = {"profile", "email", "phone", "snsapi_base", "snsapi_userinfo",
            "user_info_read", "user_chat_duration_read", "org_read", "quota_read", "quota_write"};

    private record Snapshot(long quota, long usedQuota, long requestCount, long ledgerRows) {
    }

    private Snapshot snapshot(long id) {
        Row a = account(id);
        return new Snapshot(a.getLong("quota"), a.getLong("used_quota"), a.getLong("request_count"), ledgerCount(id));
    }

    private Response write(String kind, String token, long userId, long amount) {
        return https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"user_id\":" + userId + ",\"amount\":" + amount + ",\"idempotency_key\":\"" + UUID.randomUUID()
                        + "\"}").post("/api/quota/" + kind);
    }

    private Response ledger(String token, long userId) {
        return https().header("Authorization", "Bearer " + token).get("/api/quota/ledger?user_id=" + userId);
    }

    private static void insufficientScope(Response r) {
        r.then().statusCode(403).contentType(containsString("application/json")).body("success", equalTo(false))
                .body("error", equalTo("insufficient_scope")).body(not(containsString("Exception")));
    }

    @Test
    void anAppsClientTokenCannotTopUpDrainOrReadAUserWhoNeverAuthorizedIt() {
        long bob = newAccount(5_000_000);
        consumeAsService(bob, 100);
        Snapshot before = snapshot(bob);
        List<String> attackerTokens = List.of(
                tokens().forClient("demo-app", DEMO_APP_SCOPES),
                // Even a token with the service scope, if auth-service were tricked into it: demo-app is not listed.
                tokens().forClient("demo-app", "service:quota_write"));
        for (String token : attackerTokens) {
            insufficientScope(write("topup", token, bob, 1_000_000_000_000_000L));
            insufficientScope(write("consume", token, bob, 5_000_000));
            insufficientScope(write("refund", token, bob, 100));
            insufficientScope(ledger(token, bob));
        }
        assertEquals(before, snapshot(bob));
    }

    @Test
    void aListedServiceWithoutTheServiceScopeIsRefused() {
        long bob = newAccount(1_000);
        Snapshot before = snapshot(bob);
        String consentScopesOnly = tokens().forClient(SERVICE, "quota_write", "quota_read");
        insufficientScope(write("topup", consentScopesOnly, bob, 1_000));
        insufficientScope(write("consume", consentScopesOnly, bob, 10));
        insufficientScope(ledger(consentScopesOnly, bob));
        assertEquals(before, snapshot(bob));
    }

    @Test
    void aUsersTokenWithQuotaWriteCannotSpendAnotherUsersQuota() {
        long alice = newAccount(1_000);
        long bob = newAccount(1_000);
        Snapshot bobBefore = snapshot(bob);
        Snapshot aliceBefore = snapshot(alice);
        for (String token : List.of(userToken(alice, "quota_write", "quota_read"), personalToken(alice, "quota_write", "quota_read"))) {
            insufficientScope(write("consume", token, bob, 10));
            insufficientScope(ledger(token, bob));
        }
        assertEquals(bobBefore, snapshot(bob));
        assertEquals(aliceBefore, snapshot(alice));
    }

    @Test
    void aUsersTokenCannotTopUpOrRefundEvenTheirOwnAccount() {
        long alice = newAccount(1_000);
        consumeAsService(alice, 100);
        Snapshot before = snapshot(alice);
        for (String token : List.of(userToken(alice, "quota_write"), personalToken(alice, "quota_write"))) {
            insufficientScope(write("topup", token, alice, 1_000_000));
            insufficientScope(write("refund", token, alice, 100));
        }
        assertEquals(before, snapshot(alice));
    }

    @Test
    void aListedServiceWithTheServiceScopeWritesAndReadsAnyAccount() {
        long bob = newAccount(1_000);
        write("topup", serviceToken(), bob, 500).then().statusCode(200).body("data.quota", equalTo(1_500))
                .body("data.actor", equalTo(SERVICE));
        write("consume", serviceToken(), bob, 200).then().statusCode(200).body("data.quota", equalTo(1_300));
        write("refund", serviceToken(), bob, 50).then().statusCode(200).body("data.quota", equalTo(1_350));
        ledger(serviceToken(), bob).then().statusCode(200).body("data.total", equalTo(3));
        assertEquals(new Snapshot(1_350, 150, 1, 3), snapshot(bob));
    }

    @Test
    void aUsersTokenWithQuotaWriteSpendsTheirOwnQuotaOnly() {
        long alice = newAccount(1_000);
        write("consume", userToken(alice, "quota_write"), alice, 10).then().statusCode(200)
                .body("data.quota", equalTo(990)).body("data.actor", equalTo("demo-app/user:" + alice));
        ledger(userToken(alice, "quota_read"), alice).then().statusCode(200).body("data.total", equalTo(1));
        assertEquals(new Snapshot(990, 10, 1, 1), snapshot(alice));
    }

    private void consumeAsService(long userId, long amount) {
        write("consume", serviceToken(), userId, amount).then().statusCode(200);
    }
}
