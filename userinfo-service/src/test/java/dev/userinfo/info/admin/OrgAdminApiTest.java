package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** /admin/orgs and /admin/roles: success, paging, and 400/401/404/409 as the admin problem with nothing changed. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class OrgAdminApiTest extends AdminApiTest {

    @Test
    void orgsAreCreatedReadReplacedListedAndDeleted() {
        long id = newUserId();
        adminJson("{\"org_id\":" + id + ",\"org_code\":\"o" + id + "\",\"org_name\":\"Org " + id + "\"}").post("/admin/orgs")
                .then().statusCode(201).body("org_code", equalTo("o" + id));
        admin().get("/admin/orgs/" + id).then().statusCode(200).body("org_name", equalTo("Org " + id));
        adminJson("{\"org_code\":\"o" + id + "\",\"org_name\":\"Renamed\"}").put("/admin/orgs/" + id).then().statusCode(200)
                .body("org_id", equalTo(id)).body("org_name", equalTo("Renamed"));
        long second = newUserId();
        adminJson("{\"org_code\":\"o" + second + "\",\"org_name\":\"Second\"}").put("/admin/orgs/" + second).then().statusCode(200);
        pagesLikeEveryAdminList("/admin/orgs", id, second);
        admin().delete("/admin/orgs/" + second).then().statusCode(204);
        problem(admin().get("/admin/orgs/" + second).then(), 404, "not_found");
        problem(admin().delete("/admin/orgs/" + second).then(), 404, "not_found");
    }

    @Test
    void refusedOrgWritesChangeNothing() {
        long id = newUserId();
        adminJson("{\"org_code\":\"k" + id + "\",\"org_name\":\"Kept\"}").put("/admin/orgs/" + id).then().statusCode(200);
        long other = newUserId();
        adminJson("{\"org_code\":\"c" + other + "\",\"org_name\":\"Other\"}").put("/admin/orgs/" + other).then().statusCode(200);
        String before = admin().get("/admin/orgs/" + id).asString();

        problem(adminJson("{\"org_id\":" + id + ",\"org_code\":\"new\",\"org_name\":\"New\"}").post("/admin/orgs").then(), 409, "conflict");
        problem(adminJson("{\"org_code\":\"c" + other + "\",\"org_name\":\"Clash\"}").put("/admin/orgs/" + id).then(), 409, "conflict");
        problem(adminJson("{\"org_code\":\"\",\"org_name\":\"Blank code\"}").put("/admin/orgs/" + id).then(), 400, "invalid_request");
        problem(adminJson("{\"org_code\":\"x\",\"org_name\":\"" + "n".repeat(321) + "\"}").put("/admin/orgs/" + id).then(), 400, "invalid_request");
        problem(adminJson("{\"org_code\":\"x\",\"org_name\":\"a\\u0007b\"}").put("/admin/orgs/" + id).then(), 400, "invalid_request");
        problem(adminJson("{\"org_code\":").put("/admin/orgs/" + id).then(), 400, "invalid_request");
        problem(adminJson("[1]").put("/admin/orgs/" + id).then(), 400, "invalid_request");
        problem(admin().contentType("text/plain").body("x").put("/admin/orgs/" + id).then(), 415, "unsupported_media_type");
        problem(wrongAdmin().contentType("application/json").body("{\"org_code\":\"w\",\"org_name\":\"W\"}").put("/admin/orgs/" + id)
                .then(), 401, "unauthorized");
        problem(wrongAdmin().delete("/admin/orgs/" + id).then(), 401, "unauthorized");
        problem(admin().get("/admin/orgs/not-a-number").then(), 404, "not_found");

        assertEquals(before, admin().get("/admin/orgs/" + id).asString());
    }

    @Test
    void rolesAreCreatedListedAndDeleted() {
        long id = newUserId();
        adminJson("{\"role_id\":" + id + ",\"role_code\":\"r" + id + "\",\"role_name\":\"Role\"}").post("/admin/roles")
                .then().statusCode(201);
        admin().get("/admin/roles/" + id).then().statusCode(200).body("role_code", equalTo("r" + id));
        adminJson("{\"role_code\":\"r" + id + "\",\"role_name\":\"Renamed\"}").put("/admin/roles/" + id).then().statusCode(200);
        pagesLikeEveryAdminList("/admin/roles", id);
        problem(adminJson("{\"role_id\":" + id + ",\"role_code\":\"z\",\"role_name\":\"Z\"}").post("/admin/roles").then(), 409, "conflict");
        problem(adminJson("{\"role_id\":-1,\"role_code\":\"z\",\"role_name\":\"Z\"}").post("/admin/roles").then(), 400, "invalid_request");
        admin().get("/admin/roles/" + id).then().statusCode(200).body("role_name", equalTo("Renamed"));
        admin().delete("/admin/roles/" + id).then().statusCode(204);
        problem(admin().get("/admin/roles/" + id).then(), 404, "not_found");
    }
}
