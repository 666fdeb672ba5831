package dev.userinfo.contracts.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AdminProblemTest {

    @Test
    void whenAProblemIsAnsweredThenTheBodyIsRfc9457WithTheCodeInError() {
        JsonObject body = AdminProblem.conflict("client_id taken").body();
        assertEquals(new JsonObject().put("type", "about:blank").put("title", "Conflict").put("status", 409)
                .put("detail", "client_id taken").put("error", "conflict"), body);
    }

    @Test
    void whenAFrameworkRefusalIsAnsweredThenItsCodeAndWordingAreTheSharedOnes() {
        AdminProblem problem = AdminProblem.refusal(415);
        assertEquals("unsupported_media_type", problem.code());
        assertEquals("Unsupported Media Type", problem.body().getString("title"));
        assertEquals(FrameworkRefusals.description(415), problem.getMessage());
    }

    @Test
    void whenUnauthorizedThenTheChallengeNamesTheAdminRealm() {
        var response = AdminProblem.unauthorized("no").response();
        assertEquals(401, response.getStatus());
        assertEquals("application/problem+json", response.getMediaType().toString());
        assertEquals("Bearer realm=\"admin\"", response.getHeaderString("WWW-Authenticate"));
        assertNull(AdminProblem.notFound("x").response().getHeaderString("WWW-Authenticate"));
    }

    @Test
    void whenExtensionsAreAddedThenTheyStandBesideTheStandardMembers() {
        JsonObject body = new JsonObject((String) AdminProblem.invalid("nothing imported")
                .response(new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("line", 2)))).getEntity());
        assertEquals("invalid_request", body.getString("error"));
        assertEquals(2, body.getJsonArray("lines").getJsonObject(0).getInteger("line"));
    }

    @Test
    void whenPrefixedThenStatusAndCodeStay() {
        AdminProblem problem = AdminProblem.notFound("no user 7").prefixed("line 3: ");
        assertEquals(404, problem.status());
        assertEquals("not_found", problem.code());
        assertEquals("line 3: no user 7", problem.getMessage());
    }
}
