package dev.userinfo.quota;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/admin/audit} (issue #18): newest first, paged, filtered by actor, action and target, and who may read it. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AuditTrailTest extends QuotaTestSupport {

    private JsonPath audit(String token, String query) {
        return https().header("Authorization", "Bearer " + token).get("/api/admin/audit?" + query)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private void adjust(String token, long target, long delta) {
        https().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"delta\": " + delta + ", \"reason\": \"audit test\"}")
                .post("/api/admin/accounts/" + target + "/quota").then().statusCode(200);
    }

    @Test
    void theTrailIsNewestFirstPagedAndFiltered() {
        long olivia = newUserId();
        long oscar = newUserId();
        String oliviaToken = OperatorAdminTest.consoleToken(olivia, "admin:read", "admin:write");
        String oscarToken = OperatorAdminTest.consoleToken(oscar, "admin:read", "admin:write");
        long a = newAccount(1_000);
        long b = newAccount(1_000);
        Instant start = Instant.now().minusSeconds(5);
        adjust(oliviaToken, a, 10);
        adjust(oliviaToken, a, 20);
        adjust(oscarToken, a, 30);
        adjust(oliviaToken, b, 40);
        https().header("Authorization", "Bearer " + oscarToken).post("/api/admin/accounts/" + b + "/disable")
                .then().statusCode(200);

        JsonPath all = audit(oliviaToken, "target=account:" + a);
        assertEquals(3, all.getInt("total"));
        assertEquals(1, all.getInt("page"));
        assertEquals(20, all.getInt("page_size"));
        List<Integer> ids = all.getList("items.id");
        assertTrue(ids.get(0) > ids.get(1) && ids.get(1) > ids.get(2), "newest first: " + ids);
        assertEquals(List.of("operator:" + oscar, "operator:" + olivia, "operator:" + olivia), all.getList("items.actor"));
        assertEquals(1_060, all.getInt("items[0].after.balance"));
        assertEquals(1_030, all.getInt("items[0].before.balance"));
        assertEquals("quota.adjust", all.getString("items[0].action"));
        assertEquals("account:" + a, all.getString("items[0].target"));
        // RFC 3339 with an offset, and written now.
        Instant at = OffsetDateTime.parse(all.getString("items[0].at")).toInstant();
        assertTrue(!at.isBefore(start) && at.isBefore(Instant.now().plus(Duration.ofSeconds(5))), "at " + at);

        JsonPath second = audit(oliviaToken, "target=account:" + a + "&page=2&page_size=2");
        assertEquals(3, second.getInt("total"));
        assertEquals(List.of(ids.get(2)), second.getList("items.id"));
        assertEquals(0, audit(oliviaToken, "target=account:" + a + "&page=3&page_size=2").getList("items").size());

        assertEquals(3, audit(oliviaToken, "actor=operator:" + olivia).getInt("total"));
        assertEquals(2, audit(oliviaToken, "actor=operator:" + oscar).getInt("total"));
        JsonPath both = audit(oliviaToken, "actor=operator:" + oscar + "&action=account.disable");
        assertEquals(1, both.getInt("total"));
        assertEquals("account:" + b, both.getString("items[0].target"));
        assertEquals(false, both.getBoolean("items[0].after.enabled"));
        assertEquals(1, audit(oliviaToken, "actor=operator:" + olivia + "&target=account:" + b).getInt("total"));
        assertEquals(0, audit(oliviaToken, "actor=operator:" + olivia + "&action=account.disable").getInt("total"));
        // Empty filters say nothing, like an empty page.
        assertEquals(3, audit(oliviaToken, "target=account:" + a + "&actor=&action=").getInt("total"));
    }

    @Test
    void badPagingAndFiltersAre400AndNothingIsRead() {
        String token = OperatorAdminTest.consoleToken(newUserId(), "admin:read");
        for (String[] bad : List.of(new String[] {"page", "0"}, new String[] {"page", "-1"}, new String[] {"page", "x"},
                new String[] {"page_size", "0"}, new String[] {"page_size", "101"}, new String[] {"page_size", "1.5"},
                new String[] {"actor", "x".repeat(201)}, new String[] {"action", "\u0000"}, new String[] {"target", "a\nb"})) {
            https().header("Authorization", "Bearer " + token).queryParam(bad[0], bad[1]).get("/api/admin/audit")
                    .then().statusCode(400).contentType("application/problem+json").body("error", equalTo("invalid_request"));
        }
        // Injection is a filter value like any other.
        https().header("Authorization", "Bearer " + token).queryParam("actor", "' OR 1=1--").get("/api/admin/audit")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void readersAreOperatorsAuditorsAdminsAndTheStaticCredentialOnly() {
        long target = newAccount(1_000);
        adjust(OperatorAdminTest.STATIC_CREDENTIAL, target, 5);
        long admin = newAccount(0);
        sql("UPDATE account SET role = 10 WHERE id = $1", admin);
        String query = "target=account:" + target;
        for (String reader : List.of(OperatorAdminTest.consoleToken(newUserId(), "admin:read"),
                personalToken(newUserId(), "admin:read"), personalToken(admin, "quota_read"),
                OperatorAdminTest.STATIC_CREDENTIAL)) {
            JsonPath page = audit(reader, query);
            assertEquals(1, page.getInt("total"));
            assertEquals("admin-token", page.getString("items[0].actor"));
        }
        https().get("/api/admin/audit?" + query).then().statusCode(401).contentType("application/problem+json")
                .body("error", equalTo("invalid_token"));
        https().header("Authorization", "Bearer not-a-token").get("/api/admin/audit?" + query).then().statusCode(401);
        for (String refused : List.of(OperatorAdminTest.consoleToken(newUserId(), "admin:write"),
                userToken(target, "quota_read", "quota_write"), personalToken(admin, "quota_write"),
                tokens().forClient("demo-app", "admin:read", "admin:write"), serviceToken())) {
            https().header("Authorization", "Bearer " + refused).get("/api/admin/audit?" + query).then().statusCode(403)
                    .contentType("application/problem+json").body("error", equalTo("insufficient_scope"))
                    .body("items", nullValue());
        }
        https().header("Authorization", "Bearer " + personalToken(target, "quota_read")).get("/api/admin/audit?" + query)
                .then().statusCode(403).body("error", equalTo("forbidden"));
    }
}
