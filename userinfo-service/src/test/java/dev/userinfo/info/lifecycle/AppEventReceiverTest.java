package dev.userinfo.info.lifecycle;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.testing.GoldenFixtures;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The receiving side of docs/internal-contracts.md §5: who may deliver, shape, version guard, tombstones, and what a
 * disabled or deleted app gets from seeds 004 and 002 (the answers for an app nobody registered).
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AppEventReceiverTest extends ServiceTest {

    private static final AtomicLong APPS = new AtomicLong(System.nanoTime() % 1_000_000 * 10 + 9_000_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private String app(long appId) {
        return pool.preparedQuery("SELECT client_id, name, status, version, directory_access FROM app WHERE app_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(appId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return "absent";
                    }
                    var r = it.next();
                    return r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getLong(3) + "|" + r.getBoolean(4);
                }).await().indefinitely();
    }

    private Response developerProfile(long appId, String token) {
        return given().contentType(ContentType.JSON)
                .body("{\"appid\":" + appId + ",\"email\":\"d@example.com\",\"access_token\":\"" + token + "\"}")
                .post("/developer/profile.php");
    }

    private Response userInfo(String token, long userId, String clientId) {
        return given().header("X-App-Id", clientId).queryParam("accessToken", token).queryParam("userId", userId).get("/user/info");
    }

    private static String msg(Response r, String field) throws Exception {
        return JSON.readTree(r.asString()).get(field).asText();
    }

    @Test
    void theGoldenBatchIsAppliedAndItsRefusedVariantChangesNothing() {
        long first = APPS.incrementAndGet();
        long gone = APPS.incrementAndGet();
        String client = "golden-" + first;
        registerApp(gone, "golden-gone-" + gone);
        given().header("Authorization", "Bearer " + appDeliveryToken()).contentType(ContentType.JSON)
                .body(GoldenFixtures.appEvents("app-event-batch-without-client-id.json", first, client, gone))
                .post("/internal/app-events").then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("client_id"));
        assertEquals("absent", app(first));
        given().header("Authorization", "Bearer " + appDeliveryToken()).contentType(ContentType.JSON)
                .body(GoldenFixtures.appEvents("app-event-batch.json", first, client, gone)).post("/internal/app-events")
                .then().statusCode(200).body("applied", equalTo(3)).body("ignored", equalTo(0));
        assertEquals(client + "|Demo app|disabled|2|false", app(first));
        assertEquals("null||deleted|5|false", app(gone));
    }

    @Test
    void aRedeliveredBatchChangesNothingAndAnOlderVersionIsIgnored() {
        long id = APPS.incrementAndGet();
        String batch = appEvent(1, "app.created", id, 1, "redo-" + id, "active") + ","
                + appEvent(2, "app.updated", id, 2, "redo-" + id, "active");
        deliverApps(batch).statusCode(200).body("applied", equalTo(2)).body("ignored", equalTo(0));
        admin().contentType(ContentType.JSON).body("{\"directory_access\":true}").put("/admin/apps/" + id).then().statusCode(200);
        deliverApps(batch).statusCode(200).body("applied", equalTo(0)).body("ignored", equalTo(2));
        deliverApps(appEvent(9, "app.disabled", id, 1, "redo-" + id, "disabled")).statusCode(200).body("ignored", equalTo(1));
        // What this service owns (directory_access) survives auth-service's changes.
        assertEquals("redo-" + id + "|App " + id + "|active|2|true", app(id));
    }

    @Test
    void aDeletedAppIsNotResurrectedAndLosesItsGroups() {
        long id = APPS.incrementAndGet();
        long user = createUser("gm" + newUserId(), "Member", null, null);
        registerApp(id, "doomed-" + id);
        admin().contentType(ContentType.JSON).body("{\"name\":\"vip\"}").put("/admin/apps/" + id + "/groups/4").then().statusCode(200);
        admin().put("/admin/apps/" + id + "/groups/4/members/" + user).then().statusCode(204);
        admin().put("/admin/apps/" + id + "/groups/1/members/" + user).then().statusCode(204);
        deliverApps(appEvent(3, "app.deleted", id, 3, null, "deleted")).statusCode(200).body("applied", equalTo(1));
        deliverApps(appEvent(2, "app.updated", id, 2, "doomed-" + id, "active")).statusCode(200).body("ignored", equalTo(1));
        assertEquals("null||deleted|3|false", app(id));
        assertEquals(0, count("SELECT count(*) FROM group_member WHERE app_id = $1", id));
        assertEquals(0, count("SELECT count(*) FROM app_group WHERE app_id = $1", id));
        // The tombstone keeps no client_id: a new app may take it.
        registerApp(APPS.incrementAndGet(), "doomed-" + id);
        // Groups cannot be made for the deleted app.
        admin().contentType(ContentType.JSON).body("{\"name\":\"vip\"}").put("/admin/apps/" + id + "/groups/4").then().statusCode(404);
    }

    @Test
    void aDisabledAppIsUnknownToSeeds004And002UntilEnabled() throws Exception {
        long id = APPS.incrementAndGet();
        String client = "paused-" + id;
        long user = createUser("dis" + newUserId(), "Dis Abled", "d@example.com", null);
        long other = createUser("oth" + newUserId(), "Other", "o@example.com", null);
        registerApp(id, client);
        admin().contentType(ContentType.JSON).body("{\"directory_access\":true}").put("/admin/apps/" + id).then().statusCode(200);
        String token = tokens().forUser(String.valueOf(user), client, "profile");
        String clientToken = tokens().forClient(client, "profile");
        assertEquals(200, developerProfile(id, token).statusCode());
        assertEquals(200, userInfo(clientToken, other, client).statusCode());

        deliverApps(appEvent(2, "app.disabled", id, 2, client, "disabled")).statusCode(200).body("applied", equalTo(1));
        Response refused = developerProfile(id, token);
        assertEquals(404, refused.statusCode(), refused.asString());
        assertEquals("应用不存在", msg(refused, "msg"));
        // Seed 002 answers as for an app nobody registered: no directory access.
        Response denied = userInfo(clientToken, other, client);
        assertEquals(403, denied.statusCode(), denied.asString());
        assertEquals("无权读取该用户的信息", msg(denied, "message"));

        deliverApps(appEvent(3, "app.enabled", id, 3, client, "active")).statusCode(200).body("applied", equalTo(1));
        assertEquals(200, developerProfile(id, token).statusCode());
        assertEquals(200, userInfo(clientToken, other, client).statusCode());
    }

    @Test
    void malformedBatchesAreRefusedWhole() {
        long id = APPS.incrementAndGet();
        String good = appEvent(1, "app.created", id, 1, "whole-" + id, "active");
        deliverApps(good + "," + good.replace("\"status\":\"active\"", "\"status\":\"gone\"")).statusCode(400)
                .body("error", equalTo("invalid_request")).body("error_description", containsString("events[1]"));
        deliverApps(good.replace("\"appid\":" + id, "\"appid\":\"" + id + "\"")).statusCode(400);
        given().header("Authorization", "Bearer " + appDeliveryToken()).contentType(ContentType.JSON).body("not json")
                .post("/internal/app-events").then().statusCode(400);
        assertEquals("absent", app(id));
    }

    @Test
    void onlyAuthServiceMayDeliver() {
        long id = APPS.incrementAndGet();
        String body = "{\"events\":[" + appEvent(1, "app.created", id, 1, "mallory-" + id, "active") + "]}";
        given().contentType(ContentType.JSON).body(body).post("/internal/app-events").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").contentType(ContentType.JSON).body(body)
                .post("/internal/app-events").then().statusCode(401);
        // the right scope on another client's token, a user token of auth-service, auth-service with the user feed's scope
        for (String token : List.of(tokens().forClient("demo-app", "platform.app-events"),
                tokens().forUser("1", "auth-service", "platform.app-events"),
                tokens().forClient("auth-service", "platform.user-events"))) {
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                    .post("/internal/app-events").then().statusCode(403);
        }
        assertEquals("absent", app(id));
    }
}
