package dev.userinfo.quota;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Row;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The quota write API: what it applies, what it refuses (and that a refusal changes nothing), who may call it. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class QuotaApiTest extends QuotaTestSupport {

    private Response post(String path, String token, String contentType, String body) {
        var spec = https();
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            spec.contentType(contentType);
        }
        if (body != null) {
            spec.body(body);
        }
        return spec.post(path);
    }

    private Response consume(String body) {
        return post("/api/quota/consume", serviceToken(), "application/json", body);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static String consumeBody(long user, Object amount, String key) {
        return "{\"user_id\":" + user + ",\"amount\":" + amount + ",\"idempotency_key\":\"" + key + "\",\"reason\":\"chat\"}";
    }

    private static ValidatableResponse refused(Response r, int status, String error) {
        return r.then().statusCode(status).contentType(containsString("application/json"))
                .body("success", equalTo(false)).body("error", equalTo(error))
                .body("message", not(equalTo(""))).body(not(containsString("Exception")))
                // No data on a refusal, as new-api; only insufficient_quota shows the balance (README, issue #15, 5).
                .body("$", "insufficient_quota".equals(error) ? hasKey("data") : not(hasKey("data")));
    }

    private void unchanged(long id, long quota) {
        Row a = account(id);
        assertEquals(quota, a.getLong("quota"));
        assertEquals(0, a.getLong("used_quota"));
        assertEquals(0, a.getLong("request_count"));
        assertEquals(0, ledgerCount(id));
    }

    @Test
    void consumeAppliesOnceAndReplaysTheFirstResult() {
        long id = newAccount(1_000);
        String k = key();
        Response first = consume(consumeBody(id, 300, k));
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("success", equalTo(true)).body("message", equalTo(""))
                .body("data.kind", equalTo("consume")).body("data.amount", equalTo(300))
                .body("data.quota_delta", equalTo(-300)).body("data.quota", equalTo(700))
                .body("data.used_quota", equalTo(300)).body("data.request_count", equalTo(1))
                .body("data.actor", equalTo(SERVICE)).body("data.idempotency_key", equalTo(k))
                .body("data.reason", equalTo("chat"));
        consume(consumeBody(id, 200, key())).then().statusCode(200).body("data.quota", equalTo(500));
        Response again = consume(consumeBody(id, 300, k));
        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(first.jsonPath().getMap("data"), again.jsonPath().getMap("data"), "the first result, unchanged");
        Row a = account(id);
        assertEquals(500, a.getLong("quota"));
        assertEquals(2, a.getLong("request_count"));
        refused(consume(consumeBody(id, 301, k)), 422, "idempotency_key_reused");
        refused(consume(consumeBody(newAccount(10), 300, k)), 422, "idempotency_key_reused");
        assertEquals(500, account(id).getLong("quota"));
    }

    @Test
    void notEnoughQuotaIsAClearErrorWithTheBalanceAndChangesNothing() {
        long id = newAccount(100);
        refused(consume(consumeBody(id, 101, key())), 409, "insufficient_quota")
                .body("data.quota", equalTo(100)).body("data.amount", equalTo(101)).body("message", containsString("100"));
        unchanged(id, 100);
        consume(consumeBody(id, 100, key())).then().statusCode(200).body("data.quota", equalTo(0));
        refused(consume(consumeBody(id, 1, key())), 409, "insufficient_quota").body("data.quota", equalTo(0));
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() {
        long id = newAccount(1_000);
        String k = key();
        String[] badBodies = {
            consumeBody(id, -5, k), consumeBody(id, 0, k), consumeBody(id, "1.5", k), consumeBody(id, "1e3", k),
            consumeBody(id, "10.0", k), consumeBody(id, "\"10\"", k), consumeBody(id, "\"ten\"", k),
            consumeBody(id, "true", k), consumeBody(id, "null", k), consumeBody(id, "[10]", k),
            consumeBody(id, "99999999999999999999999", k), consumeBody(id, "1000000000000001", k),
            "{\"user_id\":" + id + ",\"idempotency_key\":\"" + k + "\"}",
            "{\"user_id\":" + id + ",\"amount\":5}",
            "{\"amount\":5,\"idempotency_key\":\"" + k + "\"}",
            "{\"user_id\":\"" + id + "\",\"amount\":5,\"idempotency_key\":\"" + k + "\"}",
            "{\"user_id\":-1,\"amount\":5,\"idempotency_key\":\"" + k + "\"}",
            "{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":\"\"}",
            "{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":5}",
            "{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":\"" + "k".repeat(129) + "\"}",
            "{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":\"a\\u0000b\"}",
            "{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":\"a\\ud800b\"}",
            "{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":\"" + k + "\",\"reason\":\"" + "r".repeat(256) + "\"}",
            "{\"user_id\":" + id + ",\"amount\":5,\"amount\":6,\"idempotency_key\":\"" + k + "\"}",
            "{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":\"" + k + "\"} {}",
            "{\"user_id\":" + id + ",\"amount\":5,", "[1,2]", "\"text\"", "null", "{}", "",
        };
        for (String body : badBodies) {
            refused(consume(body), 400, "invalid_request");
        }
        refused(post("/api/quota/consume", serviceToken(), "text/plain", consumeBody(id, 5, k)), 415, "unsupported_media_type");
        refused(post("/api/quota/consume", serviceToken(), "application/x-www-form-urlencoded",
                "user_id=" + id + "&amount=5&idempotency_key=" + k), 415, "unsupported_media_type");
        refused(post("/api/quota/consume", serviceToken(), null, null), 415, "unsupported_media_type");
        refused(consume(consumeBody(id, 5, "k".repeat(128)).replace("\"chat\"", "\"" + "x".repeat(5000) + "\"")), 413,
                "request_too_large");
        unchanged(id, 1_000);
        refused(consume(consumeBody(newUserId(), 5, k)), 404, "user_not_found");
        // Injection strings and unicode are data: stored as sent, no 500.
        String injection = "'; DROP TABLE account; -- \\\" ${jndi:x} 你好 🎉";
        consume("{\"user_id\":" + id + ",\"amount\":5,\"idempotency_key\":\"" + injection.replace("\\\"", "") + "\",\"reason\":\""
                + injection + "\"}").then().statusCode(200).body("data.reason", equalTo(injection.replace("\\\"", "\"")));
        assertEquals(995, account(id).getLong("quota"));
    }

    @Test
    void onlyAListedServiceWritesAnyAccountAndAUserSpendsOnlyTheirOwn() {
        long id = newAccount(1_000);
        String body = consumeBody(id, 5, key());
        refused(post("/api/quota/consume", null, "application/json", body), 401, "invalid_token");
        refused(post("/api/quota/consume", "garbage", "application/json", body), 401, "invalid_token");
        refused(post("/api/quota/consume", tokens().forClient(SERVICE, "quota_read"), "application/json", body), 403,
                "insufficient_scope");
        // quota_write is a user's consent, not a service's grant: a listed client needs the service scope.
        refused(post("/api/quota/consume", tokens().forClient(SERVICE, "quota_write"), "application/json", body), 403,
                "insufficient_scope");
        // Refund and top-up create quota: never on a user's delegation.
        refused(post("/api/quota/topup", userToken(id, "quota_write"), "application/json", body), 403, "insufficient_scope");
        refused(post("/api/quota/refund", userToken(id, "quota_write"), "application/json", body), 403, "insufficient_scope");
        refused(post("/api/quota/consume", userToken(id, "quota_read"), "application/json", body), 403, "insufficient_scope");
        unchanged(id, 1_000);
        // The user's own token with quota_write spends the user's own quota, keyed per (app, user).
        post("/api/quota/consume", userToken(id, "quota_write"), "application/json", body).then().statusCode(200)
                .body("data.quota", equalTo(995)).body("data.actor", equalTo("demo-app/user:" + id));
        post("/api/quota/consume", personalToken(id, "quota_write"), "application/json", consumeBody(id, 5, key()))
                .then().statusCode(200).body("data.quota", equalTo(990))
                .body("data.actor", equalTo("personal-access-token/user:" + id));
    }

    @Test
    void disabledAndDeletedAccountsAreNotServed() {
        long id = newAccount(1_000);
        sql("UPDATE account SET status = 2, admin_disabled = true WHERE id = $1", id);
        refused(consume(consumeBody(id, 5, key())), 403, "account_disabled");
        unchanged(id, 1_000);
        long gone = newAccount(1_000);
        deliver(java.util.List.of(event(gone + 1, "user.deleted", gone, null, "deleted", 2))).then().statusCode(200);
        refused(consume(consumeBody(gone, 5, key())), 404, "user_not_found");
    }

    @Test
    void refundAndTopupAreLedgeredAndIdempotent() {
        long id = newAccount(1_000);
        consume(consumeBody(id, 400, key())).then().statusCode(200);
        String rk = key();
        post("/api/quota/refund", serviceToken(), "application/json", consumeBody(id, 150, rk)).then().statusCode(200)
                .body("data.kind", equalTo("refund")).body("data.quota_delta", equalTo(150))
                .body("data.quota", equalTo(750)).body("data.used_quota", equalTo(250));
        post("/api/quota/refund", serviceToken(), "application/json", consumeBody(id, 150, rk)).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("data.quota", equalTo(750));
        refused(post("/api/quota/refund", serviceToken(), "application/json", consumeBody(id, 251, key())), 409,
                "refund_exceeds_used");
        post("/api/quota/topup", serviceToken(), "application/json", consumeBody(id, 1_000, key())).then().statusCode(200)
                .body("data.kind", equalTo("topup")).body("data.quota_delta", equalTo(1_000)).body("data.quota", equalTo(1_750));
        sql("UPDATE account SET \"group\" = 'vip' WHERE id = $1", id);   // topup_ratio 2 (application.properties)
        String tk = key();
        post("/api/quota/topup", serviceToken(), "application/json", consumeBody(id, 1_000, tk)).then().statusCode(200)
                .body("data.amount", equalTo(1_000)).body("data.quota_delta", equalTo(2_000)).body("data.quota", equalTo(3_750));
        post("/api/quota/topup", serviceToken(), "application/json", consumeBody(id, 1_000, tk)).then().statusCode(200)
                .header("Idempotent-Replayed", "true");
        // The largest amount, twice: the second would overflow the BIGINT balance and is refused, not a 500.
        sql("UPDATE account SET quota = 9223372036854775000 WHERE id = $1", id);
        refused(post("/api/quota/topup", serviceToken(), "application/json",
                consumeBody(id, 1_000_000_000_000_000L, key())), 400, "invalid_request");
        assertEquals(9223372036854775000L, account(id).getLong("quota"));
    }

    @Test
    void ledgerIsTheCallersOwnAndForAnyoneAListedServicesOrAnAdminsPersonalToken() {
        long id = newAccount(1_000);
        long other = newAccount(1_000);
        consume(consumeBody(id, 10, key())).then().statusCode(200);
        consume(consumeBody(id, 20, key())).then().statusCode(200);
        https().header("Authorization", "Bearer " + userToken(id, "quota_read")).get("/api/quota/ledger?page_size=1")
                .then().statusCode(200).body("data.total", equalTo(2)).body("data.page", equalTo(1))
                .body("data.page_size", equalTo(1)).body("data.items.size()", equalTo(1))
                .body("data.items[0].amount", equalTo(20));
        refused(https().header("Authorization", "Bearer " + userToken(other, "quota_read"))
                .get("/api/quota/ledger?user_id=" + id), 403, "insufficient_scope");
        refused(https().header("Authorization", "Bearer " + userToken(id, "openid")).get("/api/quota/ledger"), 403,
                "insufficient_scope");
        refused(https().get("/api/quota/ledger"), 401, "invalid_token");
        for (String q : new String[] {"page=0", "page=x", "page_size=101", "page_size=-1", "user_id=abc"}) {
            refused(https().header("Authorization", "Bearer " + userToken(id, "quota_read")).get("/api/quota/ledger?" + q),
                    400, "invalid_request");
        }
        sql("UPDATE account SET role = 10 WHERE id = $1", other);
        // An admin reads anyone's ledger with their own personal access token, never through an app's token.
        refused(https().header("Authorization", "Bearer " + userToken(other, "quota_read"))
                .get("/api/quota/ledger?user_id=" + id), 403, "insufficient_scope");
        https().header("Authorization", "Bearer " + personalToken(other, "quota_read")).get("/api/quota/ledger?user_id=" + id)
                .then().statusCode(200).body("data.total", equalTo(2));
        https().header("Authorization", "Bearer " + serviceToken()).get("/api/quota/ledger?user_id=" + id)
                .then().statusCode(200).body("data.items[1].amount", equalTo(10));
    }
}
