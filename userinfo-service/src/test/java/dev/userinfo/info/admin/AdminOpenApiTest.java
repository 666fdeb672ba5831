package dev.userinfo.info.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #18: the OpenAPI document shows both credentials on every admin operation, and the 401 and 403 each may answer. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class AdminOpenApiTest extends AdminApiTest {

    @Test
    void everyAdminOperationDeclaresTheStaticAndTheOperatorCredential() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString());
        JsonNode schemes = document.path("components").path("securitySchemes");
        for (String scheme : List.of("admin-token", "operator")) {
            assertEquals("http", schemes.path(scheme).path("type").asText(), scheme);
            assertEquals("bearer", schemes.path(scheme).path("scheme").asText(), scheme);
        }
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (!path.getKey().startsWith("/admin/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!List.of("get", "put", "post", "delete", "patch", "head", "options").contains(operation.getKey())) {
                    continue;
                }
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                operations.add(name);
                List<String> security = new ArrayList<>();
                operation.getValue().path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(security::add));
                assertEquals(List.of("admin-token", "operator"), security.stream().sorted().toList(), name);
                assertTrue(operation.getValue().path("responses").has("401"), name + " documents 401");
                assertTrue(operation.getValue().path("responses").has("403"), name + " documents 403");
            }
        }
        assertTrue(operations.contains("GET /admin/audit"), operations.toString());
        assertTrue(operations.size() >= 27, operations.size() + " admin operations: " + operations);
    }
}
