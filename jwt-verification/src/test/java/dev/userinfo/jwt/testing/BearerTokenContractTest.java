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
    void refusesAnIdTokenAsAnAccessToken() {
        // Same key and issuer as an access token; only typ (JWT, not at+jwt) and aud tell them apart (RFC 9068 §4).
        refused(tokens().idToken("7", "demo-app"));
        refused(tokens().token().subject("7").typ("JWT").sign());
    }

    @Test
    void refusesATokenWithoutTypAtJwt() {
        refused(tokens().token().subject("7").withoutTyp().sign());
    }

    @Test
    void refusesATokenForAnotherAudience() {
        refused(tokens().token().subject("7").audience("https://elsewhere.example").sign());
        refused(tokens().token().subject("7").audience("demo-app").sign());
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
    void readinessIncludesTheJwksAndTheRevocationFeed() {
        TestHttps.given(url).get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("jwks"))
                .body("checks.name", hasItem("revocations"));
    }

    // Revocation (auth-service README, "Revocation"; issue #3 item 10): each rule kind reaches /whoami within 1 s.

    private static String unique(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID();
    }

    /** Polls until the token is refused; fails if that takes more than a second after the rule was published. */
    protected void refusedWithinASecond(String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (whoami(token).extract().statusCode() == 200) {
            if (System.nanoTime() > deadline) {
                org.junit.jupiter.api.Assertions.fail("a revoked token was still honoured 1 s after its revocation");
            }
            sleep(20);
        }
        refused(token);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTokenRevokedByJtiIsRefusedWithinASecond() {
        String jti = unique("jti");
        String revoked = tokens().token().subject("70").clientId("demo-app").claim("jti", jti).sign();
        String other = tokens().token().subject("70").clientId("demo-app").sign();
        whoami(revoked).statusCode(200);
        JwksTestResource.server().revoke("token", jti, null, null, null, null);
        refusedWithinASecond(revoked);
        whoami(other).statusCode(200);
    }

    @Test
    void revokingAGrantRefusesEveryTokenOfThatFamily() {
        String gid = unique("grant");
        String first = tokens().token().subject("71").clientId("demo-app").claim("gid", gid).sign();
        String second = tokens().token().subject("71").clientId("demo-app").claim("gid", gid).sign();
        String otherGrant = tokens().token().subject("71").clientId("demo-app").claim("gid", unique("grant")).sign();
        whoami(first).statusCode(200);
        JwksTestResource.server().revoke("grant", null, gid, null, null, null);
        refusedWithinASecond(first);
        refused(second);
        whoami(otherGrant).statusCode(200);
    }

    @Test
    void disablingAUserRefusesTheTokensIssuedBeforeAndNoClientsToken() {
        String user = Long.toString(1_000_000 + (long) (Math.random() * 1_000_000));
        Instant cutoff = Instant.now().minusSeconds(5);
        String before = tokens().token().subject(user).clientId("demo-app").issuedAt(cutoff.minusSeconds(10)).sign();
        String after = tokens().token().subject(user).clientId("demo-app").issuedAt(cutoff.plusSeconds(2)).sign();
        // A client_credentials token whose sub happens to equal that user id is not the user's.
        String client = tokens().token().subject(user).clientId(user).claim("gty", "client-credentials")
                .issuedAt(cutoff.minusSeconds(10)).sign();
        whoami(before).statusCode(200);
        JwksTestResource.server().revoke("user", null, null, user, null, cutoff);
        refusedWithinASecond(before);
        whoami(after).statusCode(200);
        whoami(client).statusCode(200);
    }

    @Test
    void withdrawingConsentRefusesThatAppsTokensOnly() {
        String user = Long.toString(2_000_000 + (long) (Math.random() * 1_000_000));
        String withdrawn = tokens().forUser(user, "app-withdrawn");
        String kept = tokens().forUser(user, "app-kept");
        whoami(withdrawn).statusCode(200);
        JwksTestResource.server().revoke("user_app", null, null, user, "app-withdrawn", Instant.now().plusSeconds(1));
        refusedWithinASecond(withdrawn);
        whoami(kept).statusCode(200);
    }

    @Test
    void aPersonalAccessTokenIsResolvedByIntrospectionAndRevocable() {
        String id = Long.toString((long) (Math.random() * 1_000_000_000));
        String pat = "pat_" + java.util.UUID.randomUUID().toString().replace("-", "");
        JwksTestResource.server().personalToken(pat, id, "72", "quota_read user_info_read");
        whoami(pat).statusCode(200)
                .body("subject", equalTo("72"))
                .body("client_id", equalTo("personal-access-token"))
                .body("scopes", hasItem("quota_read"));
        int calls = JwksTestResource.server().introspections();
        whoami(pat).statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals(calls, JwksTestResource.server().introspections(),
                "a second call is answered from the cache");
        refused("pat_" + "x".repeat(43));
        JwksTestResource.server().revoke("pat", id, null, "72", null, null);
        refusedWithinASecond(pat);
    }

    /** The platform_revocation_feed_lag_seconds gauge (docs/metrics.md), or NaN while it is not exported. */
    private double revocationFeedLag() {
        String metrics = TestHttps.given(url).get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher sample = java.util.regex.Pattern.compile("(?m)^platform_revocation_feed_lag_seconds(\\{[^}]*})? (\\S+)")
                .matcher(metrics);
        return sample.find() ? Double.parseDouble(sample.group(2)) : Double.NaN;
    }

    private void eventually(String what, java.util.function.DoublePredicate holds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double value;
        while (!holds.test(value = revocationFeedLag())) {
            if (System.nanoTime() > deadline) {
                org.junit.jupiter.api.Assertions.fail(what + " within 15 s; the gauge reads " + value);
            }
            sleep(100);
        }
    }

    @Test
    void revocationFeedLagIsZeroWhileTheFeedAnswersAndGrowsWhileAuthServiceIsDown() {
        // Issue #16 item 9: the revocation-feed lag alert reads this gauge.
        eventually("the gauge reads 0 while the feed answers", lag -> lag == 0);
        JwksTestResource.server().authServiceUp(false);
        try {
            eventually("the gauge grows past 1 s while the feed is down", lag -> lag >= 1);
        } finally {
            JwksTestResource.server().authServiceUp(true);
        }
        eventually("the gauge is back to 0 once the feed answers", lag -> lag == 0);
    }

    @Test
    void revokedTokensStayRefusedWhileAuthServiceIsDown() {
        String jti = unique("jti");
        String revoked = tokens().token().subject("73").clientId("demo-app").claim("jti", jti).sign();
        String good = tokens().token().subject("73").clientId("demo-app").sign();
        whoami(good).statusCode(200);
        JwksTestResource.server().revoke("token", jti, null, null, null, null);
        refusedWithinASecond(revoked);
        JwksTestResource.server().authServiceUp(false);
        try {
            sleep(300);
            refused(revoked);
            whoami(good).statusCode(200);
        } finally {
            JwksTestResource.server().authServiceUp(true);
        }
    }
}
