package dev.userinfo.auth.token;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenEndpointTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private RequestSpecification given() {
        return TestHttps.given(url);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private Response token(Map<String, String> form, String authorization) {
        RequestSpecification spec = given().contentType(ContentType.URLENC).formParams(form);
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        return spec.post("/oauth2/token");
    }

    private void assertOAuthError(Response response, int status, String error) {
        response.then().statusCode(status)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("error_description", org.hamcrest.Matchers.notNullValue());
        assertFalse(response.asString().contains("Exception"), response.asString());
        assertFalse(response.asString().contains("at dev.") || response.asString().contains("at io."), response.asString());
    }

    @Test
    void clientCredentialsWithBasicIssuesAVerifiableJwt() throws Exception {
        Response response = token(Map.of("grant_type", "client_credentials", "scope", "quota_write user_info_read"),
                basic("demo-app", "demo-secret"));
        response.then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600))
                .body("scope", equalTo("quota_write user_info_read"));
        String jwt = response.path("access_token");

        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(issuer())
                .setExpectedAudience("https://localhost:8445")
                .setRequireJwtId().setRequireIssuedAt().setRequireExpirationTime()
                .build();
        JwtClaims claims = consumer.processToClaims(jwt);
        assertEquals("demo-app", claims.getSubject());
        assertEquals("demo-app", claims.getStringClaimValue("client_id"));
        assertEquals("quota_write user_info_read", claims.getStringClaimValue("scope"));
        assertEquals(600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    }

    private String issuer() {
        return given().get("/.well-known/openid-configuration").path("issuer");
    }

    @Test
    void clientCredentialsWithPostAndDefaultScopes() {
        Response response = token(Map.of("grant_type", "client_credentials", "client_id", "demo-app",
                "client_secret", "demo-secret"), null);
        response.then().statusCode(200).body("access_token", org.hamcrest.Matchers.notNullValue());
        String scope = response.path("scope");
        assertFalse(List.of(scope.split(" ")).contains("openid"), "user scopes are never granted to a client");
        assertTrue(List.of(scope.split(" ")).contains("quota_write"));
    }

    @Test
    void missingOrUnknownGrantType() {
        assertOAuthError(token(Map.of("scope", "openid"), basic("demo-app", "demo-secret")), 400, "invalid_request");
        assertOAuthError(token(Map.of("grant_type", "password"), basic("demo-app", "demo-secret")), 400,
                "unsupported_grant_type");
        assertOAuthError(token(Map.of("grant_type", "<script>alert(1)</script>"), basic("demo-app", "demo-secret")),
                400, "unsupported_grant_type");
    }

    @Test
    void wrongSecretUnknownClientAndMalformedBasicAreInvalidClient() {
        for (String authorization : List.of(basic("demo-app", "wrong"), basic("nobody", "demo-secret"),
                "Basic !!!notbase64", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()),
                "Bearer something", "Basic ")) {
            Response response = token(Map.of("grant_type", "client_credentials"), authorization);
            assertOAuthError(response, 401, "invalid_client");
            response.then().header("WWW-Authenticate", containsString("Basic"));
        }
        Response post = token(Map.of("grant_type", "client_credentials", "client_id", "demo-app", "client_secret", "x"), null);
        assertOAuthError(post, 401, "invalid_client");
        assertOAuthError(token(Map.of("grant_type", "client_credentials"), null), 401, "invalid_client");
    }

    @Test
    void junkClientIdsAreInvalidClientNotServerErrors() {
        for (String clientId : List.of("demo\u0000app", "\u0000", "应用", "' OR '1'='1", "x".repeat(5000), "ab",
                "demo-app\n", "../../etc/passwd", "%00")) {
            assertOAuthError(token(Map.of("grant_type", "client_credentials", "client_id", clientId,
                    "client_secret", "demo-secret"), null), 401, "invalid_client");
            assertOAuthError(token(Map.of("grant_type", "client_credentials"), basic(
                    java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8), "demo-secret")), 401, "invalid_client");
        }
        for (String scope : List.of("quota_read\u0000", "openid\tprofile", "\u0000")) {
            assertOAuthError(token(Map.of("grant_type", "client_credentials", "scope", scope),
                    basic("demo-app", "demo-secret")), 400, "invalid_scope");
        }
        // Still working afterwards.
        token(Map.of("grant_type", "client_credentials"), basic("demo-app", "demo-secret")).then().statusCode(200);
    }

    @Test
    void twoAuthenticationMethodsAtOnceIsInvalidRequest() {
        assertOAuthError(token(Map.of("grant_type", "client_credentials", "client_secret", "demo-secret"),
                basic("demo-app", "demo-secret")), 400, "invalid_request");
    }

    @Test
    void unknownOrUnallowedScopeIsInvalidScope() {
        assertOAuthError(token(Map.of("grant_type", "client_credentials", "scope", "admin"),
                basic("demo-app", "demo-secret")), 400, "invalid_scope");
        assertOAuthError(token(Map.of("grant_type", "client_credentials", "scope", "openid"),
                basic("demo-app", "demo-secret")), 400, "invalid_scope");
    }

    @Test
    void wrongContentTypeOversizedAndRepeatedParameters() {
        Response json = given().contentType(ContentType.JSON).header("Authorization", basic("demo-app", "demo-secret"))
                .body("{\"grant_type\":\"client_credentials\"}").post("/oauth2/token");
        assertOAuthError(json, 400, "invalid_request");
        Response none = given().header("Authorization", basic("demo-app", "demo-secret")).post("/oauth2/token");
        assertOAuthError(none, 400, "invalid_request");

        Response big = given().contentType(ContentType.URLENC).header("Authorization", basic("demo-app", "demo-secret"))
                .body("grant_type=client_credentials&scope=" + "a".repeat(20_000)).post("/oauth2/token");
        assertOAuthError(big, 400, "invalid_request");

        Response huge = given().contentType(ContentType.URLENC).header("Authorization", basic("demo-app", "demo-secret"))
                .body("grant_type=client_credentials&scope=" + "a".repeat(2_000_000)).post("/oauth2/token");
        assertOAuthError(huge, 400, "invalid_request");

        Response repeated = given().contentType(ContentType.URLENC).header("Authorization", basic("demo-app", "demo-secret"))
                .body("grant_type=client_credentials&grant_type=client_credentials").post("/oauth2/token");
        assertOAuthError(repeated, 400, "invalid_request");

        Response badEncoding = given().contentType(ContentType.URLENC).header("Authorization", basic("demo-app", "demo-secret"))
                .body("grant_type=%zz").post("/oauth2/token");
        assertOAuthError(badEncoding, 400, "invalid_request");
    }

    @Test
    void getIsNotAllowed() {
        // RFC 6749 §3.2: the token endpoint takes POST only.
        given().get("/oauth2/token").then().statusCode(405).body(org.hamcrest.Matchers.not(containsString("Exception")));
    }

    @Test
    void noSecretOrTokenReachesTheLog() throws Exception {
        Response ok = token(Map.of("grant_type", "client_credentials"), basic("demo-app", "demo-secret"));
        String jwt = ok.path("access_token");
        token(Map.of("grant_type", "client_credentials", "client_id", "demo-app", "client_secret", "wrong-secret-xyz"), null);
        token(Map.of("grant_type", "client_credentials"), basic("demo-app", "another-wrong-secret"));
        Path log = Path.of("target/quarkus-test.log");
        String text = Files.readString(log);
        assertTrue(text.contains("/oauth2/token"), "the access log saw the requests");
        for (String secret : List.of("demo-secret", "wrong-secret-xyz", "another-wrong-secret", jwt,
                jwt.substring(jwt.lastIndexOf('.') + 1), "test-admin-token")) {
            assertFalse(text.contains(secret), "the log must not contain a secret or token");
        }
    }
}
