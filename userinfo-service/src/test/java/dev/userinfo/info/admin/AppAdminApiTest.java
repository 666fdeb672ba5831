package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** /admin/apps, their groups and members: success, paging, and 400/401/404/409 as the admin problem with nothing changed. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AppAdminApiTest extends AdminApiTest {

    private long app(String clientId) {
        long id = newUserId();
        adminJson("{\"client_id\":\"" + clientId + "\",\"directory_access\":true}").put("/admin/apps/" + id).then().statusCode(200)
                .body("app_id", equalTo(id)).body("directory_access", equalTo(true));
        return id;
    }

    @Test
    void appsAreRegisteredReadListedAndDeleted() {
        long id = app("admin-app-" + newUserId());
        long other = app("admin-app-" + newUserId());
        admin().get("/admin/apps/" + id).then().statusCode(200).body("directory_access", equalTo(true));
        pagesLikeEveryAdminList("/admin/apps", id, other);
        admin().delete("/admin/apps/" + other).then().statusCode(204);
        problem(admin().get("/admin/apps/" + other).then(), 404, "not_found");
        problem(admin().delete("/admin/apps/" + other).then(), 404, "not_found");
    }

    @Test
    void refusedAppWritesChangeNothing() {
        String taken = "admin-taken-" + newUserId();
        app(taken);
        long id = app("admin-kept-" + newUserId());
        String before = admin().get("/admin/apps/" + id).asString();

        problem(adminJson("{\"client_id\":\"" + taken + "\"}").put("/admin/apps/" + id).then(), 409, "conflict");
        problem(adminJson("{\"client_id\":\"\"}").put("/admin/apps/" + id).then(), 400, "invalid_request");
        problem(adminJson("{\"client_id\":7,\"directory_access\":\"maybe\"}").put("/admin/apps/" + id).then(), 400, "invalid_request");
        problem(adminJson("{\"client_id\":\"x\"}").put("/admin/apps/-3").then(), 400, "invalid_request");
        problem(wrongAdmin().contentType("application/json").body("{\"client_id\":\"stolen\"}").put("/admin/apps/" + id).then(),
                401, "unauthorized");
        problem(admin().post("/admin/apps/" + id).then(), 405, "method_not_allowed");

        assertEquals(before, admin().get("/admin/apps/" + id).asString());
    }

    @Test
    void groupsAndMembersFollowTheApp() {
        long appId = app("admin-groups-" + newUserId());
        long user = createUser("grp" + newUserId(), "Group Member", null, null);
        adminJson("{\"name\":\"Testers\"}").put("/admin/apps/" + appId + "/groups/7").then().statusCode(200)
                .body("name", equalTo("Testers"));
        pagesLikeEveryAdminList("/admin/apps/" + appId + "/groups", 7);
        problem(adminJson("{\"name\":\"Reserved\"}").put("/admin/apps/" + appId + "/groups/1").then(), 400, "invalid_request");
        problem(adminJson("{\"name\":\"No app\"}").put("/admin/apps/" + newUserId() + "/groups/7").then(), 404, "not_found");

        admin().put("/admin/apps/" + appId + "/groups/7/members/" + user).then().statusCode(204);
        admin().put("/admin/apps/" + appId + "/groups/1/members/" + user).then().statusCode(204);
        pagesLikeEveryAdminList("/admin/apps/" + appId + "/groups/7/members", user);
        problem(admin().put("/admin/apps/" + appId + "/groups/9/members/" + user).then(), 404, "not_found");
        problem(admin().put("/admin/apps/" + appId + "/groups/7/members/" + newUserId()).then(), 404, "not_found");
        assertEquals(2, count("SELECT count(*) FROM group_member WHERE app_id = $1 AND user_id = $2", appId, user));

        admin().delete("/admin/apps/" + appId + "/groups/1/members/" + user).then().statusCode(204);
        problem(admin().delete("/admin/apps/" + appId + "/groups/1/members/" + user).then(), 404, "not_found");
        admin().delete("/admin/apps/" + appId + "/groups/7").then().statusCode(204);
        assertEquals(0, count("SELECT count(*) FROM group_member WHERE app_id = $1 AND user_id = $2", appId, user));
        problem(admin().delete("/admin/apps/" + appId + "/groups/7").then(), 404, "not_found");
    }
}
