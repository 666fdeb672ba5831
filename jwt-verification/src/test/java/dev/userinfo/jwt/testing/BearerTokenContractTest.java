package dev.userinfo.jwt.testing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * What every service that verifies tokens must do at {@code /whoami}, run by each service's own
 * {@code @QuarkusTest} subclass with {@link JwksTestResource}: real HTTPS, real RS256, a real JWKS endpoint.
 */
public abstract class BearerTokenContractTest {

    @TestHTTPResource(value = "/", tls = true)
    protected URL url;

    protected TestTokens tokens() {
        return JwksTestResource.tokens();
    }

    protected ValidatableResponse whoami(String token) {
        var spec = TestHttps.given(url);
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        return spec.get("/whoami").then();
    }

    private void refused(String token) {
        whoami(token).statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body(not(containsString("Exception")));
    }

    @Test
    void acceptsAValidTokenAndReturnsTheCaller() {
        whoami(tokens().token().subject("7").clientId("demo-app").scope("openid quota_read").sign())
                .statusCode(200)
                .body("subject", equalTo("7"))
                .body("client_id", equalTo("demo-app"))
                .body("scopes", hasItem("quota_read"));
    }

    @Test
    void noTokenIsABareChallenge() {
        whoami(null).statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .header("WWW-Authenticate", not(containsString("error=")));
        TestHttps.given(url).header("Authorization", "Basic dXNlcjpwYXNz").get("/whoami").then().statusCode(401);
    }

    @Test
    void refusesAnExpiredToken() {
        refused(tokens().token().issuedAt(Instant.now().minusSeconds(3600)).lifetime(Duration.ofMinutes(5)).sign());
    }

    @Test
    void refusesAChangedPayload() {
        refused(TestTokens.tamperPayload(tokens().forUser("7", "demo-app"), "sub", "8"));
    }

    @Test
    void refusesAWrongIssuer() {
        refused(tokens().token().issuer("https://attacker.example").sign());
    }

    @Test
    void refusesAlgNone() {
        refused(tokens().token().unsigned());
    }

    @Test
    void refusesHs256SignedWithThePublicKey() {
        refused(tokens().token().hmacWithPublicKey());
    }

    @Test
    void refusesAnUnknownKid() {
        refused(tokens().token().signedWith(TestTokens.newKey("unknown-kid")).sign());
    }

    @Test
    void refusesAnotherKeyPairWithAValidLookingKid() {
        RsaJsonWebKey impostor = TestTokens.newKey(tokens().currentKey().getKeyId());
        refused(tokens().token().signedWith(impostor).sign());
    }

    @Test
    void refusesGarbage() {
        refused("not-a-jwt");
        refused("a".repeat(10_000));
    }

    @Test
    void picksUpAKeyRotationWithoutARestart() {
        String before = tokens().forUser("7", "demo-app");
        whoami(before).statusCode(200);
        tokens().rotate();
        whoami(tokens().forUser("8", "demo-app")).statusCode(200).body("subject", equalTo("8"));
        whoami(before).statusCode(200).body("subject", equalTo("7"));
    }

    @Test
    void openApiDocumentsWhoamiWithEachStatus() {
        io.restassured.path.json.JsonPath doc = io.restassured.path.json.JsonPath.from(TestHttps.given(url)
                .accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString());
        java.util.Map<String, Object> responses = doc.getMap("paths.'/whoami'.get.responses");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("200", "401"), responses.keySet());
    }

    @Test
    void metricsAndLivenessAreServed() {
        TestHttps.given(url).get("/q/health/live").then().statusCode(200);
        TestHttps.given(url).get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void readinessIncludesTheJwks() {
        TestHttps.given(url).get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("jwks"));
    }
}
