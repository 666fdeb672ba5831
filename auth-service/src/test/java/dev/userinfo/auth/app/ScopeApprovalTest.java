package dev.userinfo.auth.app;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /admin/apps/{client_id}/approve-scopes} (issue #18): requested privileged scopes move to the allowed ones;
 * anything not requested is a 400, an unknown app a 404, a missing or wrong credential a 401, each changing nothing.
 */
@QuarkusTest
class ScopeApprovalTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification admin() {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token").contentType("application/json");
    }

    /** An app owned by a new user, as the developer console registers it. */
    private App owned(List<String> scopes) {
        long owner = Fixtures.user("approval-owner").id();
        OwnedApps apps = Arc.container().instance(OwnedApps.class).get();
        return Fixtures.await(() -> apps.register(owner, new AppRegistration("Approval app", null, App.CONFIDENTIAL,
                List.of("https://app.example/cb"), scopes, null, null, true))).app();
    }

    /** Whether the app's stored scopes are exactly these (space-separated, in order). */
    private static void assertScopes(String clientId, String allowed, String requested) {
        assertEquals(1, Fixtures.count("SELECT count(*) FROM app WHERE client_id = :p1 AND allowed_scopes = string_to_array(:p2, ' ') "
                + "AND requested_scopes = string_to_array(:p3, ' ')", clientId, allowed, requested), allowed + " | " + requested);
    }

    @Test
    void anOwnedRegistrationRequestsThePrivilegedScopesAndAnOperatorRegistrationGetsThem() {
        App app = owned(List.of("profile", "quota_write", "org_read"));
        assertEquals(List.of("profile"), List.of(app.allowedScopes));
        assertEquals(List.of("quota_write", "org_read"), List.of(app.requestedScopes));
        // An operator's registration is trusted as it is (the admin API registers what it names).
        admin().body("{\"name\":\"Operator app\",\"redirect_uris\":[\"https://op.example/cb\"],\"scopes\":[\"quota_write\"]}")
                .post("/admin/apps").then().statusCode(201).body("scopes", contains("quota_write"))
                .body("requested_scopes", org.hamcrest.Matchers.empty());
    }

    @Test
    void approvingMovesOnlyRequestedScopes() {
        App app = owned(List.of("profile", "quota_write", "org_read"));
        String path = "/admin/apps/" + app.clientId + "/approve-scopes";
        for (String body : List.of("{\"scopes\":[\"profile\"]}", "{\"scopes\":[\"quota_read\"]}", "{\"scopes\":[\"admin:write\"]}",
                "{\"scopes\":[]}", "{}", "{\"scopes\":[\"quota_write\",\"email\"]}")) {
            admin().body(body).post(path).then().statusCode(400).contentType("application/problem+json")
                    .body("error", equalTo("invalid_request"));
        }
        admin().body("{\"scopes\":[\"quota_write\"]}").post("/admin/apps/no-such-app/approve-scopes").then().statusCode(404)
                .body("error", equalTo("not_found"));
        TestHttps.given(url).contentType("application/json").body("{\"scopes\":[\"quota_write\"]}").post(path).then().statusCode(401);
        TestHttps.given(url).header("Authorization", "Bearer not-the-admin-token").contentType("application/json")
                .body("{\"scopes\":[\"quota_write\"]}").post(path).then().statusCode(401);
        assertScopes(app.clientId, "profile", "quota_write org_read");

        admin().body("{\"scopes\":[\"org_read\",\"quota_write\"]}").post(path).then().statusCode(200)
                .body("scopes", contains("profile", "org_read", "quota_write")).body("requested_scopes", org.hamcrest.Matchers.empty());
        assertScopes(app.clientId, "profile org_read quota_write", "");
        // Approved once: a second approval names a scope no longer requested.
        admin().body("{\"scopes\":[\"org_read\"]}").post(path).then().statusCode(400);
    }
}
