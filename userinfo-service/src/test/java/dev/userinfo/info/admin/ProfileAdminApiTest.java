package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /admin/profiles and memberships: success, paging, and 400/401/404 as the admin problem with nothing changed. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class ProfileAdminApiTest extends AdminApiTest {

    @Test
    void profilesAreReadPatchedAndListed() {
        long user = createUser("prof" + newUserId(), "Delivered Name", "p@example.com", null);
        long other = createUser("prof" + newUserId(), "Other", null, null);
        admin().get("/admin/profiles/" + user).then().statusCode(200).body("display_name", equalTo("Delivered Name"))
                .body("last_login_ip", nullValue());
        adminJson("{\"nickname\":\"Nick\",\"gender\":2,\"last_login_ip\":\"192.0.2.7\",\"chat_duration_seconds\":60,"
                + "\"avatar\":\"https://img.example/a.png\"}").patch("/admin/profiles/" + user).then().statusCode(200)
                .body("nickname", equalTo("Nick")).body("gender", equalTo(2)).body("last_login_ip", equalTo("192.0.2.7"))
                .body("chat_duration_seconds", equalTo(60)).body("avatar", equalTo("https://img.example/a.png"));
        adminJson("{\"nickname\":\"\",\"last_login_ip\":\"\"}").patch("/admin/profiles/" + user).then().statusCode(200)
                .body("nickname", nullValue()).body("last_login_ip", nullValue()).body("gender", equalTo(2));
        pagesLikeEveryAdminList("/admin/profiles", user, other);
        problem(admin().get("/admin/profiles/" + newUserId()).then(), 404, "not_found");
        problem(adminJson("{\"gender\":1}").patch("/admin/profiles/" + newUserId()).then(), 404, "not_found");
    }

    @Test
    void refusedProfileWritesChangeNothing() {
        long user = createUser("prof" + newUserId(), "Unchanged", null, null);
        String before = admin().get("/admin/profiles/" + user).asString();
        for (String bad : List.of("{\"gender\":3}", "{\"last_login_ip\":\"1.2.3\"}", "{\"avatar\":\"ftp://x\"}",
                "{\"chat_duration_seconds\":-1}", "{\"nickname\":\"" + "n".repeat(321) + "\"}", "{\"gender\":\"x\"}")) {
            problem(adminJson(bad).patch("/admin/profiles/" + user).then(), 400, "invalid_request");
        }
        problem(wrongAdmin().contentType("application/json").body("{\"gender\":1}").patch("/admin/profiles/" + user).then(),
                401, "unauthorized");
        assertEquals(before, admin().get("/admin/profiles/" + user).asString());
    }

    @Test
    void membershipsSetRolesPerOrganisation() {
        long user = createUser("mem" + newUserId(), "Member", null, null);
        long org = newUserId();
        long role = newUserId();
        adminJson("{\"org_code\":\"m" + org + "\",\"org_name\":\"M\"}").put("/admin/orgs/" + org).then().statusCode(200);
        adminJson("{\"role_code\":\"m" + role + "\",\"role_name\":\"R\"}").put("/admin/roles/" + role).then().statusCode(200);

        adminJson("{\"role_ids\":[" + role + "]}").put("/admin/profiles/" + user + "/orgs/" + org).then().statusCode(204);
        admin().get("/admin/profiles/" + user + "/orgs").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].org_id", equalTo(org)).body("[0].role_ids[0]", equalTo(role));
        problem(adminJson("{\"role_ids\":[" + newUserId() + "]}").put("/admin/profiles/" + user + "/orgs/" + org).then(), 404, "not_found");
        problem(adminJson("{\"role_ids\":[0]}").put("/admin/profiles/" + user + "/orgs/" + org).then(), 400, "invalid_request");
        admin().get("/admin/profiles/" + user + "/orgs").then().body("[0].role_ids[0]", equalTo(role));
        problem(admin().get("/admin/profiles/" + newUserId() + "/orgs").then(), 404, "not_found");

        admin().delete("/admin/profiles/" + user + "/orgs/" + org).then().statusCode(204);
        problem(admin().delete("/admin/profiles/" + user + "/orgs/" + org).then(), 404, "not_found");
        admin().get("/admin/profiles/" + user + "/orgs").then().statusCode(200).body("size()", equalTo(0));
    }
}
