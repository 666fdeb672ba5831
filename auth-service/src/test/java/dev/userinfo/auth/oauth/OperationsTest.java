package dev.userinfo.auth.oauth;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery, health, metrics and the OpenAPI document. */
@QuarkusTest
class OperationsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Test
    void discoveryDescribesWhatExists() {
        String issuer = TestHttps.given(url).get("/.well-known/openid-configuration").then().statusCode(200)
                .body("token_endpoint", equalTo(issuerOf() + "/oauth2/token"))
                .body("jwks_uri", equalTo(issuerOf() + "/.well-known/jwks.json"))
                .body("authorization_endpoint", equalTo(issuerOf() + "/oauth2/authorize"))
                .body("revocation_endpoint", equalTo(issuerOf() + "/oauth2/revoke"))
                .body("introspection_endpoint", equalTo(issuerOf() + "/oauth2/introspect"))
                .body("userinfo_endpoint", equalTo("https://localhost:8444/userinfo"))
                .body("grant_types_supported", equalTo(java.util.List.of("authorization_code", "refresh_token", "client_credentials")))
                .body("response_types_supported", equalTo(java.util.List.of("code")))
                .body("code_challenge_methods_supported", equalTo(java.util.List.of("S256")))
                .body("token_endpoint_auth_methods_supported", hasItems("client_secret_basic", "client_secret_post", "none"))
                .body("revocation_endpoint_auth_methods_supported", hasItems("client_secret_basic", "client_secret_post"))
                .body("introspection_endpoint_auth_methods_supported", equalTo(java.util.List.of("client_secret_basic", "client_secret_post")))
                .body("id_token_signing_alg_values_supported", equalTo(java.util.List.of("RS256")))
                .body("subject_types_supported", equalTo(java.util.List.of("public")))
                .body("claims_supported", hasItems("sub", "iss", "auth_time", "nonce", "at_hash", "open_id"))
                .body("authorization_response_iss_parameter_supported", equalTo(true))
                .body("scopes_supported", hasItems("openid", "profile", "email", "phone", "offline_access", "snsapi_base",
                        "snsapi_userinfo", "user_info_read", "user_chat_duration_read", "org_read", "quota_read", "quota_write"))
                .extract().path("issuer");
        assertTrue(issuer.startsWith("https://"));
    }

    private String issuerOf() {
        return TestHttps.given(url).get("/.well-known/openid-configuration").path("issuer");
    }

    @Test
    void healthAndMetrics() {
        TestHttps.given(url).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        TestHttps.given(url).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        TestHttps.given(url).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void openApiListsEveryEndpointWithItsStatuses() {
        JsonPath doc = JsonPath.from(TestHttps.given(url).accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        Map<String, Object> token = doc.getMap("paths.'/oauth2/token'.post.responses");
        assertTrue(token.keySet().containsAll(java.util.List.of("200", "400", "401")), token.keySet().toString());
        for (String path : java.util.List.of("/oauth2/revoke", "/oauth2/introspect")) {
            Map<String, Object> responses = doc.getMap("paths.'" + path + "'.post.responses");
            assertTrue(responses.keySet().containsAll(java.util.List.of("200", "400", "401")), path + responses.keySet());
        }
        Map<String, Object> seed = doc.getMap("paths.'/userservices/v2/authorization/token'.get.responses");
        assertTrue(seed.keySet().containsAll(java.util.List.of("200", "400")), seed.keySet().toString());
        Map<String, Object> feed = doc.getMap("paths.'/internal/revocations'.get.responses");
        assertTrue(feed.keySet().containsAll(java.util.List.of("200", "400", "401")), feed.keySet().toString());
        Map<String, Object> apps = doc.getMap("paths.'/admin/apps'.post.responses");
        assertTrue(apps.keySet().containsAll(java.util.List.of("201", "400", "401", "409")), apps.keySet().toString());
        assertTrue(doc.getMap("paths").keySet().containsAll(java.util.List.of("/.well-known/jwks.json",
                "/.well-known/openid-configuration", "/admin/keys", "/admin/keys/rotate", "/admin/apps/{clientId}")));
    }
}
