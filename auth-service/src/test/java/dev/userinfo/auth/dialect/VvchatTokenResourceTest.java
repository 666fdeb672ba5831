package dev.userinfo.auth.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.app.DemoData;
import dev.userinfo.auth.token.AuthorizationCodes;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.auth.token.OpenIds;
import dev.userinfo.auth.user.User;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** Seed 001, 第二步：通过code获取token — bodies compared as whole JSON documents. */
@QuarkusTest
class VvchatTokenResourceTest {

    /** A PKCE verifier (RFC 7636 §4.1), as in AuthorizationCodeGrantTest. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-length";

    static final String PATH = "/userservices/v2/authorization/token";
    static final String INVALID_CODE = "{\"err_code\":400,\"err_msg\":\"无效的code\"}";
    static final String INVALID_APP_ID = "{\"err_code\":40001,\"err_msg\":\"无效的app_id\"}";
    static final String INVALID_APP_KEY = "{\"err_code\":40002,\"err_msg\":\"无效的app_key\"}";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    @Inject
    OpenIds openIds;

    Response get(String query) {
        return TestHttps.given(url).urlEncodingEnabled(false).get(PATH + "?" + query);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Response exchange(String appId, String appKey, String code) {
        return get("app_id=" + enc(appId) + "&app_key=" + enc(appKey) + "&code=" + enc(code));
    }

    static void assertBody(Response response, int status, String expectedJson) throws Exception {
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals(JSON.readTree(expectedJson), JSON.readTree(response.asString()));
        assertEquals("no-store", response.header("Cache-Control"));
        assertFalse(response.contentType().isEmpty());
    }

    @Test
    void anOpenIdIsStablePerAppAndUserAndDiffersAcrossApps() {
        User user = grants.user();
        long otherApp = grants.app("openid-other-app", "confidential", List.of("snsapi_base")).app().appid.longValue();
        String first = Grants.await(() -> openIds.forPair(1L, user.id));
        assertEquals(first, Grants.await(() -> openIds.forPair(1L, user.id)));
        String other = Grants.await(() -> openIds.forPair(otherApp, user.id));
        assertEquals(28, first.length());
        assertFalse(first.equals(other), "one user's open_ids must not link across apps");
        assertFalse(first.contains(Long.toString(user.id)) && other.contains(Long.toString(user.id)));
    }

    @Test
    void aCodeBecomesOpenIdScopeAndToken() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("snsapi_userinfo"), null, null);
        Response response = exchange("demo-app", "demo-secret", code.code());
        assertEquals(200, response.statusCode(), response.asString());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(response.asString(), Map.class);
        String openId = Grants.await(() -> openIds.forPair(1L, user.id));
        String token = (String) body.get("token");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("open_id", openId);
        expected.put("scope", "snsapi_userinfo");
        expected.put("token", token);
        assertEquals(expected, body, "exactly seed 001's three fields");
        assertEquals("application/json", response.contentType().split(";")[0]);

        String jwks = TestHttps.given(url).get("/.well-known/jwks.json").asString();
        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedAudience("https://localhost:8444").build().processToClaims(token);
        assertEquals(Long.toString(user.id), claims.getSubject());
        assertEquals(openId, claims.getStringClaimValue("open_id"));
        assertEquals(code.grantId().toString(), claims.getStringClaimValue("gid"));

        // Used: the seed's one error, and the grant is revoked (RFC 6749 §4.1.2).
        assertBody(exchange("demo-app", "demo-secret", code.code()), 400, INVALID_CODE);
        assertEquals(1, grants.count("SELECT count(*) FROM auth.authorization_grant WHERE id = '" + code.grantId()
                + "' AND revoked_at IS NOT NULL"));
    }

    @Test
    void aCodeIsRedeemableOnceThroughEitherDoor() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued first = grants.code(user.id, List.of("snsapi_userinfo"), null, null);
        exchange("demo-app", "demo-secret", first.code()).then().statusCode(200);
        TestHttps.given(url).contentType("application/x-www-form-urlencoded")
                .header("Authorization", Grants.basic(DemoData.CLIENT_ID, DemoData.SECRET))
                .formParams(Map.of("grant_type", "authorization_code", "code", first.code(), "redirect_uri", Grants.REDIRECT))
                .post("/oauth2/token").then().statusCode(400);

        AuthorizationCodes.Issued second = grants.code(user.id, List.of("snsapi_userinfo"), null, null);
        TestHttps.given(url).contentType("application/x-www-form-urlencoded")
                .header("Authorization", Grants.basic(DemoData.CLIENT_ID, DemoData.SECRET))
                .formParams(Map.of("grant_type", "authorization_code", "code", second.code(), "redirect_uri", Grants.REDIRECT))
                .post("/oauth2/token").then().statusCode(200);
        assertBody(exchange("demo-app", "demo-secret", second.code()), 400, INVALID_CODE);
    }

    @Test
    void everyErrorIsTheSeedEnvelope() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("snsapi_userinfo"), null, null);
        String c = enc(code.code());
        assertBody(get("app_key=demo-secret&code=" + c), 400, INVALID_APP_ID);
        assertBody(get("app_id=&app_key=demo-secret&code=" + c), 400, INVALID_APP_ID);
        assertBody(get("app_id=nobody&app_key=demo-secret&code=" + c), 400, INVALID_APP_ID);
        assertBody(get("app_id=demo-app&app_id=demo-app&app_key=demo-secret&code=" + c), 400, INVALID_APP_ID);
        assertBody(get("app_id=demo-app&code=" + c), 400, INVALID_APP_KEY);
        assertBody(get("app_id=demo-app&app_key=wrong&code=" + c), 400, INVALID_APP_KEY);
        assertBody(get("app_id=demo-app&app_key=demo-secret&app_key=demo-secret&code=" + c), 400, INVALID_APP_KEY);
        assertBody(get("app_id=demo-app&app_key=demo-secret"), 400, INVALID_CODE);
        assertBody(get("app_id=demo-app&app_key=demo-secret&code=" + c + "&code=" + c), 400, INVALID_CODE);
        for (String junk : List.of("x".repeat(3000), "代码", "' OR '1'='1", "\u0000", "<script>", "%00", "1;DROP TABLE app")) {
            assertBody(exchange("demo-app", "demo-secret", junk), 400, INVALID_CODE);
            assertBody(exchange(junk, "demo-secret", code.code()), 400, INVALID_APP_ID);
            assertBody(exchange("demo-app", junk, code.code()), 400, INVALID_APP_KEY);
        }
        // Another app's code, an expired code, a code that needs PKCE (the seed's door cannot send a verifier).
        var other = grants.app("seed-other-app", "confidential", List.of("snsapi_userinfo"));
        if (other.clientSecret() != null) {
            assertBody(exchange("seed-other-app", other.clientSecret(), code.code()), 400, INVALID_CODE);
        }
        AuthorizationCodes.Issued expired = grants.code(user.id, List.of("snsapi_userinfo"), null, null);
        grants.sql("UPDATE auth.authorization_code SET expires_at = now() - interval '1 second' WHERE grant_id = '"
                + expired.grantId() + "'");
        assertBody(exchange("demo-app", "demo-secret", expired.code()), 400, INVALID_CODE);
        AuthorizationCodes.Issued pkce = grants.code(user.id, List.of("snsapi_userinfo"),
                Grants.challenge(VERIFIER), null);
        assertBody(exchange("demo-app", "demo-secret", pkce.code()), 400, INVALID_CODE);
        // None of that spent or revoked the good code.
        exchange("demo-app", "demo-secret", code.code()).then().statusCode(200);
    }

    @Test
    void neitherAppKeyNorCodeNorTokenReachesTheLog() throws Exception {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("snsapi_userinfo"), null, null);
        String token = exchange("demo-app", "demo-secret", code.code()).path("token");
        exchange("demo-app", "a-wrong-app-key-123", code.code());
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertFalse(!log.contains(PATH), "the access log saw the requests");
        for (String secret : List.of("demo-secret", "a-wrong-app-key-123", code.code(), token)) {
            assertFalse(log.contains(secret), "the log must not contain a key, code or token");
        }
    }
}
