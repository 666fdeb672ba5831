package dev.userinfo.auth.oauth;

import static org.hamcrest.Matchers.equalTo;

import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, 4: as the images are built (quarkus.management.enabled=true), health, metrics and the OpenAPI document
 * are on the management interface only, over HTTPS with the service's own certificate, and the public port (the one
 * the Ingress routes) answers none of /q/*.
 */
@QuarkusTest
@TestProfile(ManagementInterfaceTest.AsInTheImages.class)
class ManagementInterfaceTest {

    /** The build-time switch of deploy/container/Containerfile.*, on a free port. */
    public static class AsInTheImages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.management.enabled", "true", "quarkus.management.test-port", "0");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL publicPort;

    @TestHTTPResource(value = "/", management = true, tls = true)
    URL management;

    @Test
    void managementEndpointsAreOnTheManagementPortOverHttps() {
        // TestHttps trusts only the local CA: a handshake here is the service's own certificate.
        TestHttps.given(management).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        TestHttps.given(management).get("/q/health/live").then().statusCode(200);
        TestHttps.given(management).get("/q/health/started").then().statusCode(200);
        TestHttps.given(management).get("/q/metrics").then().statusCode(200);
        TestHttps.given(management).accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("auth-service"));
    }

    @Test
    void thePublicPortServesNoManagementEndpoint() {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            TestHttps.given(publicPort).get(path).then().statusCode(404);
        }
        TestHttps.given(publicPort).get("/.well-known/jwks.json").then().statusCode(200);
    }
}
