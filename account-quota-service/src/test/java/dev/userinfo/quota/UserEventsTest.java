package dev.userinfo.quota;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.testing.GoldenFixtures;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The receiver of auth-service's user lifecycle delivery (docs/internal-contracts.md §3): version-guarded,
 * idempotent, order-independent within a user, one transaction per batch, only auth-service may deliver.
 * (auth-service's sending side and the end-to-end catch-up with it come with the integration.)
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
@SuppressWarnings("unchecked")
class UserEventsTest extends QuotaTestSupport {

    @Test
    void createUpdateDisableEnableDelete() {
        long id = newUserId();
        deliver(List.of(event(1, "user.created", id, "carol", "active", 1))).then().statusCode(200)
                .body("applied", equalTo(1)).body("ignored", equalTo(0));
        Row a = account(id);
        assertEquals("carol", a.getString("username"));
        assertEquals("CAROL", a.getString("display_name"));
        assertEquals("carol@example.com", a.getString("email"));
        assertEquals(1, a.getInteger("status"));
        assertEquals(1, a.getInteger("role"));
        assertEquals("default", a.getString("group"));
        assertEquals(0, a.getLong("quota"), "tests run with platform.quota.new-account-quota at its default 0");
        deliver(List.of(event(2, "user.updated", id, "carol2", "active", 2),
                event(3, "user.disabled", id, "carol2", "disabled", 3))).then().statusCode(200).body("applied", equalTo(2));
        a = account(id);
        assertEquals("carol2", a.getString("username"));
        assertEquals(2, a.getInteger("status"));
        deliver(List.of(event(4, "user.enabled", id, "carol2", "active", 4))).then().statusCode(200);
        assertEquals(1, account(id).getInteger("status"));
        deliver(List.of(event(5, "user.deleted", id, null, "deleted", 5))).then().statusCode(200);
        a = account(id);
        assertEquals("deleted", a.getString("lifecycle"));
        assertEquals(2, a.getInteger("status"));
        assertEquals("", a.getString("email"), "a tombstone keeps no personal data");
        // An older event cannot bring a deleted user back (contract §3).
        deliver(List.of(event(6, "user.updated", id, "carol3", "active", 4))).then().statusCode(200)
                .body("applied", equalTo(0)).body("ignored", equalTo(1));
        assertEquals("deleted", account(id).getString("lifecycle"));
    }

    @Test
    void aDeleteBeforeTheCreateLeavesATombstone() {
        long id = newUserId();
        deliver(List.of(event(1, "user.deleted", id, null, "deleted", 3))).then().statusCode(200).body("applied", equalTo(1));
        deliver(List.of(event(2, "user.created", id, "dave", "active", 1))).then().statusCode(200).body("ignored", equalTo(1));
        assertEquals("deleted", account(id).getString("lifecycle"));
    }

    @Test
    void adminDisableSurvivesAnActiveUpdate() {
        long id = newAccount(0);
        sql("UPDATE account SET admin_disabled = true, status = 2 WHERE id = $1", id);
        deliver(List.of(event(1, "user.updated", id, "erin", "active", 2))).then().statusCode(200);
        assertEquals(2, account(id).getInteger("status"));
    }

    /**
     * Catch-up as the receiver sees it: 60 users × 5 changes delivered in batches of at most 100, then every
     * batch again (redelivery after a lost acknowledgement), then the batches in reverse order. The end state
     * is each user's latest snapshot, nothing lost or doubled.
     */
    @Test
    void redeliveryAndReorderingConvergeOnTheLatestVersion() {
        List<Long> users = new ArrayList<>();
        List<Map<String, Object>> all = new ArrayList<>();
        long seq = 0;
        for (int u = 0; u < 60; u++) {
            users.add(newUserId());
        }
        for (int version = 1; version <= 5; version++) {
            for (long id : users) {
                String status = version == 4 && id % 3 == 0 ? "disabled" : "active";
                all.add(event(++seq, version == 1 ? "user.created" : "user.updated", id, "u" + id + "v" + version, status, version));
            }
        }
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 100) {
            batches.add(all.subList(i, Math.min(all.size(), i + 100)));
        }
        int applied = 0;
        for (var batch : batches) {
            applied += deliver(batch).then().statusCode(200).extract().jsonPath().getInt("applied");
        }
        assertEquals(300, applied);
        for (var batch : batches) {
            deliver(batch).then().statusCode(200).body("applied", equalTo(0)).body("ignored", equalTo(batch.size()));
        }
        List<List<Map<String, Object>>> reversed = new ArrayList<>(batches);
        Collections.reverse(reversed);
        for (var batch : reversed) {
            deliver(batch).then().statusCode(200).body("applied", equalTo(0));
        }
        for (long id : users) {
            Row a = account(id);
            assertEquals("u" + id + "v5", a.getString("username"));
            assertEquals(1, a.getInteger("status"));
            assertEquals(5, a.getLong("user_version"));
        }
        // A fresh receiver (other users) given the same history shuffled converges on the same state.
        List<Long> fresh = new ArrayList<>();
        List<Map<String, Object>> shuffled = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            long id = newUserId();
            fresh.add(id);
            for (int version = 1; version <= 5; version++) {
                shuffled.add(event(++seq, "user.updated", id, "s" + id + "v" + version, version == 5 ? "disabled" : "active", version));
            }
        }
        Collections.shuffle(shuffled, new Random(1));
        for (int i = 0; i < shuffled.size(); i += 7) {
            List<Map<String, Object>> batch = new ArrayList<>(shuffled.subList(i, Math.min(shuffled.size(), i + 7)));
            batch.sort((x, y) -> Long.compare((Long) x.get("seq"), (Long) y.get("seq")));   // ascending seq per batch
            deliver(batch).then().statusCode(200);
        }
        for (long id : fresh) {
            Row a = account(id);
            assertEquals("s" + id + "v5", a.getString("username"));
            assertEquals(2, a.getInteger("status"));
        }
    }

    @Test
    void aBatchIsAllOrNothing() {
        long id = newUserId();
        Map<String, Object> bad = event(2, "user.updated", newUserId(), "x", "active", 1);
        bad.put("type", "user.exploded");
        deliver(List.of(event(1, "user.created", id, "frank", "active", 1), bad)).then().statusCode(400)
                .body("success", equalTo(false));
        assertEquals(0, sql("SELECT count(*) FROM account WHERE id = $1", id).iterator().next().getLong(0));
    }

    @Test
    void malformedBatchesAre400() {
        long id = newUserId();
        List<Object> bodies = new ArrayList<>();
        bodies.add("{\"events\": 5}");
        bodies.add("{}");
        bodies.add("[]");
        bodies.add("{\"events\": [ {\"seq\": 1} ]}");
        Map<String, Object> noVersion = event(1, "user.created", id, "g", "active", 1);
        ((Map<String, Object>) noVersion.get("user")).remove("version");
        bodies.add(Map.of("events", List.of(noVersion)));
        Map<String, Object> badStatus = event(1, "user.created", id, "g", "active", 1);
        ((Map<String, Object>) badStatus.get("user")).put("status", "sleeping");
        bodies.add(Map.of("events", List.of(badStatus)));
        Map<String, Object> noLogin = event(1, "user.created", id, null, "active", 1);
        bodies.add(Map.of("events", List.of(noLogin)));
        bodies.add(Map.of("events", List.of(event(2, "user.created", id, "g", "active", 1),
                event(1, "user.updated", id, "g", "active", 2))));   // seq not ascending
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 1; i <= dev.userinfo.contracts.userevent.UserEventBatch.MAX_EVENTS + 1; i++) {
            tooMany.add(event(i, "user.created", newUserId(), "m", "active", 1));
        }
        bodies.add(Map.of("events", tooMany));
        for (Object body : bodies) {
            https().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.JSON).body(body)
                    .post("/internal/user-events").then().statusCode(400).body("success", equalTo(false));
        }
        https().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.TEXT).body("x")
                .post("/internal/user-events").then().statusCode(415);
        assertEquals(0, sql("SELECT count(*) FROM account WHERE id = $1", id).iterator().next().getLong(0));
    }

    @Test
    void theGoldenBatchIsAppliedAndItsRefusedVariantChangesNothing() {
        long alice = newUserId();
        long gone = newUserId();
        https().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.JSON)
                .body(GoldenFixtures.userEvents("user-event-batch-seq-not-ascending.json", alice, gone)).post("/internal/user-events")
                .then().statusCode(400).body("success", equalTo(false));
        assertEquals(0, sql("SELECT count(*) FROM account WHERE id = $1", alice).iterator().next().getLong(0));
        https().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.JSON)
                .body(GoldenFixtures.userEvents("user-event-batch.json", alice, gone)).post("/internal/user-events")
                .then().statusCode(200).body("applied", equalTo(3)).body("ignored", equalTo(0));
        Row a = account(alice);
        assertEquals("alice", a.getString("username"));
        assertEquals(2, a.getLong("user_version"));
        assertEquals(1, a.getInteger("status"));
        // The fixture's login (issue #15, 3): 2026-11-22T07:59:58Z in Unix seconds, and its address.
        assertEquals(java.time.Instant.parse("2026-11-22T07:59:58Z").getEpochSecond(), a.getLong("last_login_at"));
        assertEquals("203.0.113.7", a.getString("last_login_ip"));
        assertEquals("deleted", account(gone).getString("lifecycle"));
    }

    @Test
    void onlyAuthServicesDeliveryTokenIsAccepted() {
        long id = newUserId();
        var body = Map.of("events", List.of(event(1, "user.created", id, "mallory", "active", 1)));
        https().contentType(ContentType.JSON).body(body).post("/internal/user-events").then().statusCode(401);
        https().header("Authorization", "Bearer " + tokens().forClient("auth-service", "quota_write"))
                .contentType(ContentType.JSON).body(body).post("/internal/user-events").then().statusCode(403);
        https().header("Authorization", "Bearer " + tokens().forClient("demo-app", "platform.user-events"))
                .contentType(ContentType.JSON).body(body).post("/internal/user-events").then().statusCode(403);
        https().header("Authorization", "Bearer " + tokens().forUser(Long.toString(id), "auth-service", "platform.user-events"))
                .contentType(ContentType.JSON).body(body).post("/internal/user-events").then().statusCode(403);
        assertEquals(0, sql("SELECT count(*) FROM account WHERE id = $1", id).iterator().next().getLong(0));
    }

    @Test
    void signingUpWithAnAffCodeCreditsTheInviterOnce() {
        long inviter = newAccount(0);
        String code = account(inviter).getString("aff_code");
        long invitee = newUserId();
        Map<String, Object> created = event(1, "user.created", invitee, "grace", "active", 1);
        ((Map<String, Object>) created.get("user")).put("inviter_aff_code", code);
        deliver(List.of(created)).then().statusCode(200);
        deliver(List.of(created)).then().statusCode(200).body("ignored", equalTo(1));   // redelivered: not again
        Map<String, Object> updated = event(2, "user.updated", invitee, "grace", "active", 2);
        ((Map<String, Object>) updated.get("user")).put("inviter_aff_code", code);
        deliver(List.of(updated)).then().statusCode(200);                               // only a creation counts
        Row i = account(inviter);
        assertEquals(1, i.getInteger("aff_count"));
        assertEquals(500_000, i.getLong("aff_quota"));
        assertEquals(500_000, i.getLong("aff_history_quota"));
        assertEquals(inviter, account(invitee).getLong("inviter_id"));
        // An unknown code, or one's own, credits nobody and still creates the account.
        long lone = newUserId();
        Map<String, Object> unknown = event(3, "user.created", lone, "heidi", "active", 1);
        ((Map<String, Object>) unknown.get("user")).put("inviter_aff_code", "no-such-code");
        deliver(List.of(unknown)).then().statusCode(200).body("applied", equalTo(1));
        assertEquals(0, account(lone).getLong("inviter_id"));
        assertTrue(account(lone).getString("aff_code").length() == 16);
        assertFalse(account(lone).getString("aff_code").equals(code));
    }
}
