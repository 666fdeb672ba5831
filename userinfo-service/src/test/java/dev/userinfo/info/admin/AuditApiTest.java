package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GET /admin/audit (issue #18): newest first, paged, filtered by actor, action and target, readable with admin:read or
 * the static credential only; a refused write leaves no entry, since the entry is written in the write's transaction.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AuditApiTest extends AdminApiTest {

    /** Three org changes by one operator: create, rename, rename again. */
    private long threeChanges(long operator) {
        long org = newUserId();
        String token = operatorToken(operator);
        for (String name : List.of("One", "Two", "Three")) {
            bearer(token).contentType("application/json").body("{\"org_code\":\"a" + org + "\",\"org_name\":\"" + name + "\"}")
                    .put("/admin/orgs/" + org).then().statusCode(200);
        }
        return org;
    }

    @Test
    void entriesAreNewestFirstPagedAndInTheAgreedShape() {
        long operator = newUserId();
        long org = threeChanges(operator);
        String actor = "operator:" + operator;
        List<Map<String, Object>> all = admin().get("/admin/audit?actor=" + actor).then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(1)).body("page_size", equalTo(50)).extract().path("items");
        assertEquals(List.of("Three", "Two", "One"), all.stream().map(e -> ((Map<?, ?>) e.get("after")).get("org_name")).toList());
        assertEquals(List.of("org.update", "org.update", "org.create"), all.stream().map(e -> e.get("action")).toList());
        Map<String, Object> newest = all.get(0);
        assertEquals(Set.of("id", "at", "actor", "action", "target", "before", "after"), newest.keySet());
        assertEquals(actor, newest.get("actor"));
        assertEquals("org:" + org, newest.get("target"));
        assertEquals("Two", ((Map<?, ?>) newest.get("before")).get("org_name"));
        OffsetDateTime.parse((String) newest.get("at"));   // RFC 3339
        assertTrue(((Number) all.get(0).get("id")).longValue() > ((Number) all.get(1).get("id")).longValue());

        admin().get("/admin/audit?actor=" + actor + "&page_size=2").then().statusCode(200).body("total", equalTo(3))
                .body("items.size()", equalTo(2)).body("items[0].id", equalTo(newest.get("id")));
        admin().get("/admin/audit?actor=" + actor + "&page_size=2&page=2").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].action", equalTo("org.create"));
        admin().get("/admin/audit?actor=" + actor + "&page_size=2&page=3").then().statusCode(200).body("items.size()", equalTo(0));
        for (String bad : new String[] {"page=0", "page=x", "page_size=0", "page_size=501", "page_size=1.5"}) {
            problem(admin().get("/admin/audit?" + bad).then(), 400, "invalid_request").body("detail", containsString("page"));
        }
    }

    @Test
    void filtersMatchExactlyAndCombine() {
        long operator = newUserId();
        long org = threeChanges(operator);
        long other = threeChanges(newUserId());
        String actor = "operator:" + operator;
        admin().get("/admin/audit?target=org:" + org).then().statusCode(200).body("total", equalTo(3));
        admin().get("/admin/audit?target=org:" + org + "&action=org.create").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].actor", equalTo(actor));
        admin().get("/admin/audit?actor=" + actor + "&target=org:" + other).then().statusCode(200).body("total", equalTo(0));
        admin().get("/admin/audit?actor=operator:" + operator / 10).then().statusCode(200).body("total", equalTo(0));
        admin().get("/admin/audit?target=org:" + org + "&actor=&action=").then().statusCode(200).body("total", equalTo(3));
        problem(admin().get("/admin/audit?actor=" + "a".repeat(321)).then(), 400, "invalid_request").body("detail", containsString("actor"));
        problem(admin().urlEncodingEnabled(false).get("/admin/audit?target=org%07").then(), 400, "invalid_request")
                .body("detail", containsString("target"));
    }

    @Test
    void readableWithAdminReadOrTheStaticCredentialOnly() {
        long operator = newUserId();
        threeChanges(operator);
        String path = "/admin/audit?actor=operator:" + operator;
        bearer(auditorToken(newUserId())).get(path).then().statusCode(200).body("total", equalTo(3));
        bearer(personalToken(newUserId(), AdminScopes.READ)).get(path).then().statusCode(200).body("total", equalTo(3));
        admin().get(path).then().statusCode(200).body("total", equalTo(3));
        insufficientScope(bearer(tokens().forUser(String.valueOf(newUserId()), "demo-app", "openid", "profile")).get(path).then(),
                AdminScopes.READ);
        insufficientScope(bearer(tokens().forClient("demo-app", AdminScopes.READ)).get(path).then(), AdminScopes.READ);
        problem(given().get(path).then(), 401, "unauthorized");
        problem(wrongAdmin().get(path).then(), 401, "unauthorized");
        // The trail is read-only: no way to write or erase it through the API.
        problem(bearer(operatorToken(operator)).delete("/admin/audit").then(), 405, "method_not_allowed");
    }

    @Test
    void aRefusedWriteLeavesNoEntry() {
        long operator = newUserId();
        long org = threeChanges(operator);
        String token = operatorToken(operator);
        problem(bearer(token).contentType("application/json").body("{\"org_id\":" + org + ",\"org_code\":\"z\",\"org_name\":\"Z\"}")
                .post("/admin/orgs").then(), 409, "conflict");
        problem(bearer(token).contentType("application/json").body("{\"org_code\":\"\",\"org_name\":\"Z\"}").put("/admin/orgs/" + org)
                .then(), 400, "invalid_request");
        problem(bearer(token).delete("/admin/roles/" + newUserId()).then(), 404, "not_found");
        // An import fails whole on its second line: the first line's change and the import are not recorded either.
        String lines = "{\"type\":\"org\",\"org_id\":" + org + ",\"org_code\":\"a" + org + "\",\"org_name\":\"Four\"}\n"
                + "{\"type\":\"profile\",\"user_id\":" + newUserId() + ",\"gender\":1}\n";
        problem(bearer(token).contentType("application/x-ndjson").body(lines.getBytes(StandardCharsets.UTF_8)).post("/admin/import").then(),
                404, "not_found");
        admin().get("/admin/audit?actor=operator:" + operator).then().statusCode(200).body("total", equalTo(3));
        admin().get("/admin/orgs/" + org).then().statusCode(200).body("org_name", equalTo("Three"));
    }
}
