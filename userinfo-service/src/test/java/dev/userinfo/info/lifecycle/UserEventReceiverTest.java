package dev.userinfo.info.lifecycle;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.info.ServiceTest;
import dev.userinfo.contracts.testing.GoldenFixtures;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiving side of docs/internal-contracts.md §3: who may deliver, shape, version guard, tombstones, batches. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class UserEventReceiverTest extends ServiceTest {

    private String profile(long id) {
        return pool.preparedQuery("SELECT account, display_name, email, phone, status, version FROM profile WHERE user_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return "absent";
                    }
                    var r = it.next();
                    return String.join("|", r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            String.valueOf(r.getLong(5)));
                }).await().indefinitely();
    }

    @Test
    void createsAUserFromTheSnapshot() {
        long id = newUserId();
        deliver(event(1, "user.created", id, 1, "alice", "Alice", "alice@example.com", null, "active"))
                .statusCode(200).body("applied", equalTo(1)).body("ignored", equalTo(0));
        assertEquals("alice|Alice|alice@example.com||active|1", profile(id));
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        long id = newUserId();
        String batch = event(1, "user.created", id, 1, "bob", "Bob", "bob@example.com", "+8613800000000", "active") + ","
                + event(2, "user.updated", id, 2, "bob", "Bobby", "bob@example.com", "+8613800000000", "active");
        deliver(batch).statusCode(200).body("applied", equalTo(2)).body("ignored", equalTo(0));
        deliver(batch).statusCode(200).body("applied", equalTo(0)).body("ignored", equalTo(2));
        assertEquals("bob|Bobby|bob@example.com|+8613800000000|active|2", profile(id));
        assertEquals(1, count("SELECT count(*) FROM profile WHERE user_id = $1", id));
    }

    @Test
    void anOlderVersionArrivingLateIsIgnored() {
        long id = newUserId();
        deliver(event(5, "user.updated", id, 3, "carol", "Carol 3", "c3@example.com", null, "active"))
                .statusCode(200).body("applied", equalTo(1));
        deliver(event(4, "user.updated", id, 2, "carol", "Carol 2", "c2@example.com", null, "active"))
                .statusCode(200).body("applied", equalTo(0)).body("ignored", equalTo(1));
        assertEquals("carol|Carol 3|c3@example.com||active|3", profile(id));
    }

    @Test
    void aDeletedUserStaysDeletedAndLosesItsPersonalData() {
        long id = newUserId();
        deliver(event(1, "user.created", id, 1, "dave", "Dave", "dave@example.com", "123", "active")).statusCode(200);
        sql("UPDATE profile SET avatar_url = 'https://cdn.example/dave.png', nickname = 'D' WHERE user_id = $1", id);
        deliver("{\"event_id\":\"x\",\"seq\":3,\"type\":\"user.deleted\",\"occurred_at\":\"2026-11-22T08:00:00Z\","
                + "\"user\":{\"id\":" + id + ",\"status\":\"deleted\",\"version\":3}}").statusCode(200).body("applied", equalTo(1));
        // the older update, redelivered after the deletion, cannot bring the user back (tombstone)
        deliver(event(2, "user.updated", id, 2, "dave", "Dave 2", "dave@example.com", "123", "active"))
                .statusCode(200).body("ignored", equalTo(1));
        assertEquals("||||deleted|3", profile(id));
        assertEquals(0, count("SELECT count(*) FROM profile WHERE user_id = $1 AND (nickname IS NOT NULL OR avatar_url <> '')", id));
    }

    @Test
    void disabledAndEnabledFollowTheVersion() {
        long id = newUserId();
        deliver(event(1, "user.created", id, 1, "erin", "Erin", "", null, "active") + ","
                + event(2, "user.disabled", id, 2, "erin", "Erin", "", null, "disabled")).statusCode(200);
        assertEquals("erin|Erin|||disabled|2", profile(id));
        deliver(event(3, "user.enabled", id, 3, "erin", "Erin", "", null, "active")).statusCode(200);
        assertEquals("erin|Erin|||active|3", profile(id));
    }

    /**
     * Issue #4 item 2, receiving side: while this service was down auth-service created and changed users; when it
     * is back the outbox delivers everything in seq order, possibly again from an earlier point after a lost
     * acknowledgement, in batches of at most 100. Every user ends up there exactly once, at its latest version.
     */
    @Test
    void catchUpAfterDowntimeAppliesEverythingExactlyOnce() {
        List<String> outbox = new ArrayList<>();
        List<Long> users = new ArrayList<>();
        long seq = 1000;
        for (int i = 0; i < 60; i++) {
            long id = newUserId();
            users.add(id);
            outbox.add(event(seq++, "user.created", id, 1, "u" + id, "User " + i, "u" + id + "@example.com", null, "active"));
        }
        for (int i = 0; i < 60; i++) {
            long id = users.get(i);
            outbox.add(event(seq++, "user.updated", id, 2, "u" + id, "Renamed " + i, "u" + id + "@example.com", null, "active"));
        }
        for (int i = 0; i < 10; i++) {
            long id = users.get(i);
            outbox.add(event(seq++, "user.disabled", id, 3, "u" + id, "Renamed " + i, "u" + id + "@example.com", null, "disabled"));
        }
        // first attempt: batch 1 (100 events) committed but its acknowledgement lost, so it comes again,
        // then the rest, then a late duplicate of a middle slice
        deliver(String.join(",", outbox.subList(0, 100))).statusCode(200).body("applied", equalTo(100));
        deliver(String.join(",", outbox.subList(0, 100))).statusCode(200).body("applied", equalTo(0)).body("ignored", equalTo(100));
        deliver(String.join(",", outbox.subList(100, outbox.size()))).statusCode(200).body("applied", equalTo(30));
        deliver(String.join(",", outbox.subList(50, 130))).statusCode(200).body("applied", equalTo(0));

        assertEquals(60, count("SELECT count(*) FROM profile WHERE user_id = ANY($1)", (Object) users.toArray(Long[]::new)));
        assertEquals(10, count("SELECT count(*) FROM profile WHERE user_id = ANY($1) AND status = 'disabled' AND version = 3",
                (Object) users.toArray(Long[]::new)));
        assertEquals(50, count("SELECT count(*) FROM profile WHERE user_id = ANY($1) AND status = 'active' AND version = 2 "
                + "AND display_name LIKE 'Renamed %'", (Object) users.toArray(Long[]::new)));
    }

    @Test
    void aBatchIsAllOrNothing() {
        long first = newUserId();
        long second = newUserId();
        String good = event(1, "user.created", first, 1, "f", "F", "", null, "active");
        String bad = event(2, "user.created", second, 1, "s", "S", "", null, "active").replace("\"status\":\"active\"", "\"status\":\"gone\"");
        deliver(good + "," + bad).statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("events[1]"));
        assertEquals("absent", profile(first));
        assertEquals("absent", profile(second));
    }

    @Test
    void malformedBodiesAreRefusedAndChangeNothing() {
        long id = newUserId();
        String token = "Bearer " + deliveryToken();
        for (String body : List.of("", "not json", "[]", "{}", "{\"events\":null}", "{\"events\":[null]}",
                "{\"events\":\"x\"}", "{\"events\":[{\"type\":\"user.created\"}]}",
                "{\"events\":[" + event(1, "user.created", id, 1, "x", "X", "", null, "active").replace("\"version\":1", "\"version\":\"one\"") + "]}",
                "{\"events\":[" + event(1, "user.created", id, 1, "x", "X", "", null, "active").replace("\"version\":1", "\"version\":99999999999999999999999") + "]}",
                "{\"events\":[" + event(1, "user.created", id, 1, "x\u0000y", "X", "", null, "active") + "]}",
                "{\"events\":[" + event(1, "user.exploded", id, 1, "x", "X", "", null, "active") + "]}")) {
            given().header("Authorization", token).contentType(ContentType.JSON).body(body).post("/internal/user-events")
                    .then().statusCode(400).body("error", equalTo("invalid_request")).body(not(containsString("Exception")));
        }
        String many = String.join(",", java.util.Collections.nCopies(101, event(1, "user.created", id, 1, "x", "X", "", null, "active")));
        deliver(many).statusCode(400);
        given().header("Authorization", token).contentType(ContentType.TEXT).body("{\"events\":[]}").post("/internal/user-events")
                .then().statusCode(415);
        assertEquals("absent", profile(id));
    }

    @Test
    void theGoldenBatchIsAppliedAndItsRefusedVariantChangesNothing() {
        long alice = newUserId();
        long gone = newUserId();
        given().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.JSON)
                .body(GoldenFixtures.userEvents("user-event-batch-seq-not-ascending.json", alice, gone)).post("/internal/user-events")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("ascending seq"));
        assertEquals("absent", profile(alice));
        given().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.JSON)
                .body(GoldenFixtures.userEvents("user-event-batch.json", alice, gone)).post("/internal/user-events")
                .then().statusCode(200).body("applied", equalTo(3)).body("ignored", equalTo(0));
        assertEquals("alice|Alice|alice@example.com||active|2", profile(alice));
        assertEquals("||||deleted|4", profile(gone));
    }

    @Test
    void onlyAuthServiceMayDeliver() {
        long id = newUserId();
        String body = "{\"events\":[" + event(1, "user.created", id, 1, "mallory", "M", "", null, "active") + "]}";
        given().contentType(ContentType.JSON).body(body).post("/internal/user-events").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").contentType(ContentType.JSON).body(body)
                .post("/internal/user-events").then().statusCode(401);
        // the right scope on another client's token, a user token of auth-service, auth-service without the scope
        for (String token : List.of(tokens().forClient("demo-app", "platform.user-events"),
                tokens().forUser("1", "auth-service", "platform.user-events"),
                tokens().forClient("auth-service", "openid"))) {
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                    .post("/internal/user-events").then().statusCode(403);
        }
        assertEquals("absent", profile(id));
    }
}
