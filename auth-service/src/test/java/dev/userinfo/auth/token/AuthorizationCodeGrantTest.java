package dev.userinfo.auth.token;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.user.User;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** grant_type=authorization_code and refresh_token at POST /oauth2/token (RFC 6749 §4.1.3, §6; RFC 7636; RFC 9700). */
@QuarkusTest
class AuthorizationCodeGrantTest {

    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-length";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8));

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    RequestSpecification given() {
        return TestHttps.given(url);
    }

    Response token(Map<String, String> form, String authorization) {
        RequestSpecification spec = given().contentType(ContentType.URLENC).formParams(form);
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        return spec.post("/oauth2/token");
    }

    Response redeem(String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", Grants.REDIRECT));
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return token(form, BASIC);
    }

    Response refresh(String refreshToken, String scope) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        if (scope != null) {
            form.put("scope", scope);
        }
        return token(form, BASIC);
    }

    static void assertError(Response response, int status, String error) {
        response.then().statusCode(status).contentType(ContentType.JSON).header("Cache-Control", "no-store")
                .body("error", equalTo(error)).body("error_description", notNullValue());
        assertFalse(response.asString().contains("Exception"), response.asString());
    }

    JwtClaims verify(String jwt, String audience) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").asString();
        String issuer = given().get("/.well-known/openid-configuration").path("issuer");
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(issuer).setExpectedAudience(audience)
                .setRequireExpirationTime().setRequireIssuedAt().build().processToClaims(jwt);
    }

    @Test
    void codeWithPkceGivesAccessRefreshAndIdTokens() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("openid", "profile", "offline_access", "user_info_read"),
                Grants.challenge(VERIFIER), "n-0S6_WzA2Mj");
        Response response = redeem(code.code(), VERIFIER);
        response.then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600))
                .body("scope", equalTo("openid profile offline_access user_info_read"))
                .body("refresh_token", notNullValue())
                .body("id_token", notNullValue());
        String access = response.path("access_token");

        // RFC 9068 §3: aud names the resource servers (all of them without RFC 8707 resource), not the app.
        JwtClaims claims = verify(access, "https://localhost:8444");
        assertEquals(List.of("https://localhost:8444", "https://localhost:8445"), claims.getAudience());
        assertEquals(Long.toString(user.id), claims.getSubject());
        assertEquals("demo-app", claims.getStringClaimValue("client_id"));
        assertEquals(code.grantId().toString(), claims.getStringClaimValue("gid"));
        String openId = claims.getStringClaimValue("open_id");
        assertNotNull(openId);
        assertNull(claims.getClaimValue("gty"));

        String idToken = response.path("id_token");
        JwtClaims id = verify(idToken, "demo-app");
        assertEquals(Long.toString(user.id), id.getSubject());
        assertEquals("n-0S6_WzA2Mj", id.getStringClaimValue("nonce"));
        assertEquals(IdTokenIssuer.atHash(access, "RS256"), id.getStringClaimValue("at_hash"));
        assertTrue(id.getClaimValue("auth_time") instanceof Number);
        assertTrue(((Number) id.getClaimValue("auth_time")).longValue() <= id.getIssuedAt().getValue());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(idToken);
        assertEquals("JWT", jws.getHeader("typ"), "an ID token is not an at+jwt (RFC 9068 §2.1)");

        // The same user and app get the same open_id from a second authorization.
        AuthorizationCodes.Issued second = grants.code(user.id, List.of("user_info_read"), Grants.challenge(VERIFIER), null);
        Response again = redeem(second.code(), VERIFIER);
        again.then().statusCode(200).body("refresh_token", nullValue()).body("id_token", nullValue());
        assertEquals(openId, verify(again.path("access_token"), "https://localhost:8444").getStringClaimValue("open_id"));
    }

    @Test
    void aCodeUsedTwiceFailsAndRevokesItsGrant() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("offline_access", "quota_read"), null, null);
        Response first = redeem(code.code(), null);
        first.then().statusCode(200);
        String refreshToken = first.path("refresh_token");
        assertError(redeem(code.code(), null), 400, "invalid_grant");
        assertEquals(1, grants.count("SELECT count(*) FROM auth.authorization_grant WHERE id = '" + code.grantId()
                + "' AND revoked_at IS NOT NULL"));
        assertEquals(1, grants.count("SELECT count(*) FROM auth.revocation WHERE kind = 'grant' AND grant_id = '"
                + code.grantId() + "'"));
        // The refresh token of the first redemption is dead with its grant.
        assertError(refresh(refreshToken, null), 400, "invalid_grant");
    }

    @Test
    void concurrentRedemptionsOfOneCodeNeverBothSucceed() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("quota_read"), null, null);
        List<Integer> statuses = concurrently(6, () -> redeem(code.code(), null).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
    }

    static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pkceIsEnforced() {
        User user = grants.user();
        String challenge = Grants.challenge(VERIFIER);
        // Missing verifier, wrong verifier, malformed verifier: refused, and the code is not spent.
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("quota_read"), challenge, null);
        assertError(redeem(code.code(), null), 400, "invalid_grant");
        assertError(redeem(code.code(), VERIFIER.replace('d', 'e')), 400, "invalid_grant");
        assertError(redeem(code.code(), "short"), 400, "invalid_grant");
        assertError(redeem(code.code(), VERIFIER + "\u00e9"), 400, "invalid_grant");
        redeem(code.code(), VERIFIER).then().statusCode(200);
        // A verifier for a code issued without a challenge is a downgrade attempt (RFC 9700 §2.1.1).
        AuthorizationCodes.Issued plain = grants.code(user.id, List.of("quota_read"), null, null);
        assertError(redeem(plain.code(), VERIFIER), 400, "invalid_grant");
        redeem(plain.code(), null).then().statusCode(200);
    }

    @Test
    void redirectUriMustMatchExactly() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("quota_read"), null, null);
        for (String redirect : List.of("http://127.0.0.1:8765/callback/extra", "http://127.0.0.1:8765/call",
                "http://127.0.0.1:8766/callback", "http://127.0.0.1:8765/Callback", "http://127.0.0.1:8765/callback?x=1",
                "HTTP://127.0.0.1:8765/callback")) {
            assertError(token(Map.of("grant_type", "authorization_code", "code", code.code(), "redirect_uri", redirect),
                    BASIC), 400, "invalid_grant");
        }
        assertError(token(Map.of("grant_type", "authorization_code", "code", code.code()), BASIC), 400, "invalid_request");
        redeem(code.code(), null).then().statusCode(200);
    }

    @Test
    void redirectUriMayBeOmittedOnlyWhenTheAuthorizationRequestOmittedIt() {
        User user = grants.user();
        // RFC 6749 §4.1.3: the authorization request omitted it (the app's one registered URI), so may the token request.
        AuthorizationCodes.Issued omitted = grants.code(user.id, 1L, "demo-app", List.of("quota_read"), Grants.REDIRECT,
                null, null, false);
        token(Map.of("grant_type", "authorization_code", "code", omitted.code()), BASIC).then().statusCode(200);
        // Sent anyway, it must still be the URI the code went to.
        AuthorizationCodes.Issued other = grants.code(user.id, 1L, "demo-app", List.of("quota_read"), Grants.REDIRECT,
                null, null, false);
        assertError(token(Map.of("grant_type", "authorization_code", "code", other.code(), "redirect_uri",
                "http://127.0.0.1:8765/elsewhere"), BASIC), 400, "invalid_grant");
        token(Map.of("grant_type", "authorization_code", "code", other.code(), "redirect_uri", Grants.REDIRECT), BASIC)
                .then().statusCode(200);
    }

    @Test
    void aCodeIsBoundToItsClientAndLifetime() {
        User user = grants.user();
        AppRegistryFixture other = new AppRegistryFixture(grants.app("other-confidential", "confidential", List.of("quota_read")));
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("quota_read"), null, null);
        if (other.secret() != null) {
            assertError(token(Map.of("grant_type", "authorization_code", "code", code.code(), "redirect_uri", Grants.REDIRECT,
                    "client_id", "other-confidential", "client_secret", other.secret()), null), 400, "invalid_grant");
        }
        AuthorizationCodes.Issued expired = grants.code(user.id, List.of("quota_read"), null, null);
        grants.sql("UPDATE auth.authorization_code SET expires_at = now() - interval '1 second' WHERE grant_id = '"
                + expired.grantId() + "'");
        assertError(redeem(expired.code(), null), 400, "invalid_grant");
        // Neither refusal revoked anything.
        assertEquals(0, grants.count("SELECT count(*) FROM auth.authorization_grant WHERE id IN ('" + code.grantId()
                + "', '" + expired.grantId() + "') AND revoked_at IS NOT NULL"));
        redeem(code.code(), null).then().statusCode(200);
    }

    record AppRegistryFixture(dev.userinfo.auth.app.AppRegistry.Registered registered) {
        String secret() {
            return registered.clientSecret();
        }
    }

    @Test
    void publicClientsRedeemWithClientIdAndMustUsePkce() {
        User user = grants.user();
        var app = grants.app("public-native", "public", List.of("quota_read", "offline_access")).app();
        AuthorizationCodes.Issued withPkce = grants.code(user.id, app.appid, app.clientId, List.of("quota_read", "offline_access"),
                Grants.REDIRECT, Grants.challenge(VERIFIER), null);
        Response ok = token(Map.of("grant_type", "authorization_code", "code", withPkce.code(), "redirect_uri", Grants.REDIRECT,
                "client_id", "public-native", "code_verifier", VERIFIER), null);
        ok.then().statusCode(200).body("refresh_token", notNullValue());
        // The refresh rotates for the public client too.
        token(Map.of("grant_type", "refresh_token", "refresh_token", ok.path("refresh_token"), "client_id", "public-native"), null)
                .then().statusCode(200);
        AuthorizationCodes.Issued noPkce = grants.code(user.id, app.appid, app.clientId, List.of("quota_read"),
                Grants.REDIRECT, null, null);
        assertError(token(Map.of("grant_type", "authorization_code", "code", noPkce.code(), "redirect_uri", Grants.REDIRECT,
                "client_id", "public-native"), null), 400, "invalid_grant");
        // A public client cannot use client_credentials, and a confidential one cannot skip its secret.
        assertError(token(Map.of("grant_type", "client_credentials", "client_id", "public-native"), null), 401, "invalid_client");
        AuthorizationCodes.Issued demo = grants.code(user.id, List.of("quota_read"), null, null);
        assertError(token(Map.of("grant_type", "authorization_code", "code", demo.code(), "redirect_uri", Grants.REDIRECT,
                "client_id", "demo-app"), null), 401, "invalid_client");
    }

    @Test
    void aDisabledUserOrRevokedGrantRedeemsNothing() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("quota_read"), null, null);
        grants.sql("UPDATE auth.app_user SET status = 'disabled' WHERE id = " + user.id);
        assertError(redeem(code.code(), null), 400, "invalid_grant");
        User other = grants.user();
        AuthorizationCodes.Issued revoked = grants.code(other.id, List.of("quota_read"), null, null);
        grants.sql("UPDATE auth.authorization_grant SET revoked_at = now() WHERE id = '" + revoked.grantId() + "'");
        assertError(redeem(revoked.code(), null), 400, "invalid_grant");
    }

    @Test
    void aRefreshFamilyEndsAtItsMaximumLifetimeHoweverOftenItRotates() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("offline_access", "quota_read"), null, null);
        String first = redeem(code.code(), null).path("refresh_token");
        assertEquals(1, grants.count("SELECT count(*) FROM auth.refresh_token WHERE grant_id = '" + code.grantId()
                + "' AND expires_at > now() + interval '29 days'"), "a fresh family slides by the full lifetime");
        // The family began 89 days ago: a rotation may extend it by one more day (90d), not by 30.
        grants.sql("UPDATE auth.authorization_grant SET created_at = now() - interval '89 days' WHERE id = '" + code.grantId() + "'");
        String second = refresh(first, null).then().statusCode(200).extract().path("refresh_token");
        assertEquals(1, grants.count("SELECT count(*) FROM auth.refresh_token WHERE grant_id = '" + code.grantId()
                + "' AND rotated_at IS NULL AND expires_at BETWEEN now() + interval '23 hours' AND now() + interval '25 hours'"));
        refresh(second, null).then().statusCode(200);
    }

    @Test
    void refreshRotatesNarrowsAndReuseRevokesTheFamily() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("openid", "offline_access", "quota_read", "user_info_read"),
                null, "abc");
        String first = redeem(code.code(), null).path("refresh_token");

        Response narrowed = refresh(first, "quota_read");
        narrowed.then().statusCode(200).body("scope", equalTo("quota_read")).body("id_token", nullValue());
        String second = narrowed.path("refresh_token");
        assertNotEquals(first, second);
        // The refreshed token keeps the grant's full scope for the next refresh (RFC 6749 §6).
        assertError(refresh(second, "quota_read quota_write"), 400, "invalid_scope");
        assertError(refresh(second, "admin"), 400, "invalid_scope");
        Response full = refresh(second, null);
        full.then().statusCode(200).body("scope", equalTo("openid offline_access quota_read user_info_read"))
                .body("id_token", notNullValue());
        JwtClaims id = verify(full.path("id_token"), "demo-app");
        assertNull(id.getClaimValue("nonce"), "OIDC Core §12.2: a refreshed ID token carries no nonce");
        String third = full.path("refresh_token");

        // Presenting a rotated token again ends the family: the live one dies too.
        assertError(refresh(first, null), 400, "invalid_grant");
        assertError(refresh(third, null), 400, "invalid_grant");
        assertEquals(1, grants.count("SELECT count(*) FROM auth.revocation WHERE kind = 'grant' AND grant_id = '"
                + code.grantId() + "'"));
    }

    @Test
    void concurrentRefreshesOfOneTokenNeverBothSucceed() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("offline_access", "quota_read"), null, null);
        String refreshToken = redeem(code.code(), null).path("refresh_token");
        List<Integer> statuses = concurrently(6, () -> refresh(refreshToken, null).statusCode());
        assertTrue(statuses.stream().filter(s -> s == 200).count() <= 1, statuses.toString());
        assertEquals(6, statuses.stream().filter(s -> s == 200 || s == 400).count(), statuses.toString());
    }

    @Test
    void noRefreshTokenWithoutOfflineAccess() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("quota_read"), null, null);
        redeem(code.code(), null).then().statusCode(200).body("refresh_token", nullValue());
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("quota_read"), null, null);
        assertError(token(Map.of("grant_type", "authorization_code", "redirect_uri", Grants.REDIRECT), BASIC), 400, "invalid_request");
        assertError(token(Map.of("grant_type", "refresh_token"), BASIC), 400, "invalid_request");
        for (String junk : List.of("x".repeat(5000), "代码", "' OR '1'='1", "\u0000", code.code() + "\u0000",
                "<script>alert(1)</script>", code.code().substring(1), "%00")) {
            assertError(redeem(junk, null), 400, "invalid_grant");
            assertError(refresh(junk, null), 400, "invalid_grant");
        }
        Response repeated = given().contentType(ContentType.URLENC).header("Authorization", BASIC)
                .body("grant_type=authorization_code&code=" + code.code() + "&code=" + code.code() + "&redirect_uri="
                        + Grants.REDIRECT).post("/oauth2/token");
        assertError(repeated, 400, "invalid_request");
        // After all that, the code is still good: nothing was spent or revoked.
        redeem(code.code(), null).then().statusCode(200);
    }

    @Test
    void noCodeOrTokenReachesTheLog() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("openid", "offline_access"), null, null);
        Response ok = redeem(code.code(), null);
        String refreshToken = ok.path("refresh_token");
        String next = refresh(refreshToken, null).path("refresh_token");
        redeem(code.code(), null); // replay: logged as a revocation, never with the code
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        for (String secret : List.of(code.code(), refreshToken, next, ok.<String>path("access_token"), ok.<String>path("id_token"))) {
            assertFalse(log.contains(secret), "the log must not contain a code or token");
        }
    }
}
