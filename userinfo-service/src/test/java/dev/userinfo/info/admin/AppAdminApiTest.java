package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * /admin/apps, their groups and members: apps come from auth-service (docs/internal-contracts.md §5), the admin API
 * sets only directory_access; success, paging, and 400/401/404/405 as the admin problem with nothing changed.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AppAdminApiTest extends AdminApiTest {

    private long app(String clientId) {
        long id = newUserId();
        registerApp(id, clientId);
        adminJson("{\"directory_access\":true}").put("/admin/apps/" + id).then().statusCode(200)
                .body("app_id", equalTo(id)).body("client_id", equalTo(clientId)).body("directory_access", equalTo(true));
        return id;
    }

    @Test
    void announcedAppsAreReadListedAndGoWhenAuthServiceDeletesThem() {
        String clientId = "admin-app-" + newUserId();
        long id = app(clientId);
        long other = app("admin-app-" + newUserId());
        admin().get("/admin/apps/" + id).then().statusCode(200).body("directory_access", equalTo(true))
                .body("client_id", equalTo(clientId)).body("name", equalTo("App " + id)).body("status", equalTo("active"))
                .body("version", equalTo(1));
        pagesLikeEveryAdminList("/admin/apps", id, other);
        // Deleting is auth-service's: the admin API has no DELETE, the app.deleted event removes it.
        problem(admin().delete("/admin/apps/" + other).then(), 405, "method_not_allowed");
        deliverApps(appEvent(2, "app.deleted", other, 2, null, "deleted")).statusCode(200);
        problem(admin().get("/admin/apps/" + other).then(), 404, "not_found");
        problem(adminJson("{\"directory_access\":true}").put("/admin/apps/" + other).then(), 404, "not_found");
    }

    @Test
    void refusedAppWritesChangeNothing() {
        long id = app("admin-kept-" + newUserId());
        String before = admin().get("/admin/apps/" + id).asString();

        // Only auth-service registers apps: a PUT of an appid it never announced creates nothing.
        long unknown = newUserId();
        problem(adminJson("{\"directory_access\":true}").put("/admin/apps/" + unknown).then(), 404, "not_found");
        problem(admin().get("/admin/apps/" + unknown).then(), 404, "not_found");
        problem(adminJson("{\"directory_access\":\"maybe\"}").put("/admin/apps/" + id).then(), 400, "invalid_request");
        problem(adminJson("{\"directory_access\":false}").put("/admin/apps/-3").then(), 404, "not_found");
        problem(wrongAdmin().contentType("application/json").body("{\"directory_access\":false}").put("/admin/apps/" + id).then(),
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
