package dev.userinfo.info.admin;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.contracts.clients.WellKnownClients;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** What the admin API tests share: the admin problem (RFC 9457) every refusal answers with. */
abstract class AdminApiTest extends ServiceTest {

    protected static final String PROBLEM = "application/problem+json";

    /** A refusal in the admin problem shape with its status and machine code. */
    protected static ValidatableResponse problem(ValidatableResponse answer, int status, String code) {
        return answer.statusCode(status).contentType(PROBLEM).body("status", equalTo(status)).body("error", equalTo(code))
                .body("type", equalTo("about:blank")).body("title", org.hamcrest.Matchers.notNullValue())
                .body("detail", org.hamcrest.Matchers.notNullValue());
    }

    protected RequestSpecification adminJson(String body) {
        return admin().contentType(ContentType.JSON).body(body);
    }

    protected RequestSpecification wrongAdmin() {
        return given().header("Authorization", "Bearer not-the-admin-token");
    }

    /** A request carrying {@code token} as its Bearer credential. */
    protected RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** An operator's console token as auth-service mints it (issue #18): the user's own, both admin scopes. */
    protected static String operatorToken(long userId) {
        return tokens().forUser(String.valueOf(userId), WellKnownClients.PLATFORM_CONSOLE, AdminScopes.READ, AdminScopes.WRITE);
    }

    /** An auditor's console token: admin:read only. */
    protected static String auditorToken(long userId) {
        return tokens().forUser(String.valueOf(userId), WellKnownClients.PLATFORM_CONSOLE, AdminScopes.READ);
    }

    /** A personal access token ({@code pat_…}) of {@code userId}, active at the stand-in for auth-service's introspection. */
    protected static String personalToken(long userId, String... scopes) {
        String token = "pat_" + java.util.UUID.randomUUID().toString().replace("-", "");
        JwksTestResource.server().personalToken(token, "pat-" + java.util.UUID.randomUUID(), String.valueOf(userId), String.join(" ", scopes));
        return token;
    }

    /** A valid token refused for lack of the admin scope: 403 insufficient_scope, naming the scope in the challenge. */
    protected static ValidatableResponse insufficientScope(ValidatableResponse answer, String scope) {
        return problem(answer, 403, "insufficient_scope")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"admin\", error=\"insufficient_scope\", scope=\"" + scope + "\""));
    }

    /** The paging rules every list shares: page from 1, page_size within 1..500, anything else a 400 problem. */
    protected void pagesLikeEveryAdminList(String path, long... expectedIds) {
        String idField = path.contains("/members") ? "user_id" : path.endsWith("/groups") ? "group_id"
                : path.endsWith("/orgs") ? "org_id" : path.endsWith("/roles") ? "role_id" : path.endsWith("/apps") ? "app_id" : "user_id";
        java.util.List<Number> ids = admin().get(path + "?page_size=500").then().statusCode(200).body("page", equalTo(1))
                .body("page_size", equalTo(500)).body("total", greaterThanOrEqualTo(expectedIds.length))
                .extract().path("items." + idField);
        java.util.List<Long> read = ids.stream().map(Number::longValue).toList();
        for (long id : expectedIds) {
            org.junit.jupiter.api.Assertions.assertTrue(read.contains(id), path + " lists " + id + ": " + read);
        }
        assertEquals(read.stream().sorted().toList(), read, "in key order");
        admin().get(path).then().statusCode(200).body("page", equalTo(1)).body("page_size", equalTo(50));
        admin().get(path + "?page=&page_size=").then().statusCode(200).body("page", equalTo(1)).body("page_size", equalTo(50));
        int total = admin().get(path + "?page_size=1").then().statusCode(200).body("items.size()", equalTo(1))
                .extract().path("total");
        assertEquals(0, admin().get(path + "?page=" + (total + 1) + "&page_size=1").then().statusCode(200)
                .body("page", equalTo(total + 1)).extract().<java.util.List<?>>path("items").size());
        for (String bad : new String[] {"page=0", "page=-1", "page=x", "page_size=0", "page_size=-5", "page_size=501",
                "page_size=ten", "page=1.5", "page_size=99999999999"}) {
            problem(admin().get(path + "?" + bad).then(), 400, "invalid_request").body("detail", containsString("page"));
        }
        problem(wrongAdmin().get(path).then(), 401, "unauthorized").header("WWW-Authenticate", equalTo("Bearer realm=\"admin\""));
        problem(given().get(path).then(), 401, "unauthorized");
    }
}
