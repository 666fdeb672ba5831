package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** /admin/import: JSON Lines, all or nothing; a refused import names its line in the admin problem and stores nothing. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class ImportApiTest extends AdminApiTest {

    private io.restassured.response.ValidatableResponse importLines(String body) {
        return admin().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8)).post("/admin/import").then();
    }

    @Test
    void everyRecordTypeIsStoredAndCounted() {
        long user = createUser("imp" + newUserId(), "Imported", null, null);
        long org = newUserId();
        long role = newUserId();
        long app = newUserId();
        registerApp(app, "import-" + app);
        String lines = String.join("\n",
                "{\"type\":\"org\",\"org_id\":" + org + ",\"org_code\":\"i" + org + "\",\"org_name\":\"Imported org\"}",
                "{\"type\":\"role\",\"role_id\":" + role + ",\"role_code\":\"i" + role + "\",\"role_name\":\"Imported role\"}",
                "{\"type\":\"app\",\"app_id\":" + app + ",\"directory_access\":true}",
                "{\"type\":\"group\",\"app_id\":" + app + ",\"group_id\":5,\"name\":\"Imported group\"}",
                "",
                "{\"type\":\"membership\",\"user_id\":" + user + ",\"org_id\":" + org + ",\"role_ids\":[" + role + "]}",
                "{\"type\":\"group_member\",\"app_id\":" + app + ",\"group_id\":5,\"user_id\":" + user + "}",
                "{\"type\":\"profile\",\"user_id\":" + user + ",\"nickname\":\"Imported nick\"}") + "\n";
        importLines(lines).statusCode(200).body("lines", equalTo(7)).body("stored.org", equalTo(1)).body("stored.role", equalTo(1))
                .body("stored.app", equalTo(1)).body("stored.group", equalTo(1)).body("stored.membership", equalTo(1))
                .body("stored.group_member", equalTo(1)).body("stored.profile", equalTo(1));
        admin().get("/admin/orgs/" + org).then().statusCode(200).body("org_name", equalTo("Imported org"));
        admin().get("/admin/profiles/" + user).then().body("nickname", equalTo("Imported nick"));
        admin().get("/admin/profiles/" + user + "/orgs").then().body("[0].role_ids[0]", equalTo(role));
        assertEquals(1, count("SELECT count(*) FROM group_member WHERE app_id = $1 AND group_id = 5 AND user_id = $2", app, user));
        // Upserts: the same import again is harmless.
        importLines(lines).statusCode(200).body("lines", equalTo(7));
    }

    @Test
    void aBadLineRefusesTheWholeImport() {
        long org = newUserId();
        String good = "{\"type\":\"org\",\"org_id\":" + org + ",\"org_code\":\"b" + org + "\",\"org_name\":\"Never stored\"}\n";
        problem(importLines(good + "{\"type\":\"org\",\"org_id\":-1,\"org_code\":\"x\",\"org_name\":\"x\"}\n"), 400, "invalid_request")
                .body("detail", containsString("line 2"));
        problem(importLines(good + "{\"type\":\"planet\"}\n"), 400, "invalid_request").body("detail", containsString("line 2"));
        problem(importLines(good + "not json\n"), 400, "invalid_request").body("detail", containsString("line 2"));
        problem(importLines(good + "{\"org_id\":1}\n"), 400, "invalid_request").body("detail", containsString("line 2"));
        problem(importLines(good + "{\"type\":\"org\",\"org_id\":1,\"bogus\":true}\n"), 400, "invalid_request");
        problem(importLines(good + "{\"type\":\"profile\",\"user_id\":" + newUserId() + ",\"gender\":1}\n"), 404, "not_found")
                .body("detail", containsString("line 2"));
        problem(importLines(good + "{\"type\":\"group_member\",\"app_id\":" + newUserId() + ",\"group_id\":0,\"user_id\":1}\n"),
                404, "not_found");
        problem(importLines("\n\n"), 400, "invalid_request");
        problem(admin().contentType("application/json").body(good.getBytes(StandardCharsets.UTF_8)).post("/admin/import").then(), 415,
                "unsupported_media_type");
        problem(given().contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8)).post("/admin/import").then(),
                401, "unauthorized");
        problem(wrongAdmin().contentType("application/x-ndjson").body(good.getBytes(StandardCharsets.UTF_8)).post("/admin/import")
                .then(), 401, "unauthorized");
        assertEquals(0, count("SELECT count(*) FROM org WHERE org_id = $1", org));
    }

    @Test
    void anAppAuthServiceNeverAnnouncedRefusesTheWholeImport() {
        long org = newUserId();
        // Apps are registered at auth-service only (docs/internal-contracts.md §5): an import cannot create one.
        problem(importLines("{\"type\":\"org\",\"org_id\":" + org + ",\"org_code\":\"c" + org + "\",\"org_name\":\"x\"}\n"
                + "{\"type\":\"app\",\"app_id\":" + newUserId() + ",\"directory_access\":true}\n"), 404, "not_found")
                .body("detail", containsString("line 2"));
        problem(importLines("{\"type\":\"app\",\"app_id\":" + newUserId() + ",\"client_id\":\"x\"}\n"), 400, "invalid_request");
        assertEquals(0, count("SELECT count(*) FROM org WHERE org_id = $1", org));
    }

    @Test
    void tooManyLinesAreRefused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= 20_001; i++) {
            body.append("\n");
        }
        problem(importLines(body.toString()), 400, "invalid_request").body("detail", containsString("at most"));
    }
}
