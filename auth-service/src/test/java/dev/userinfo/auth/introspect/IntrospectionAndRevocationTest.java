package dev.userinfo.auth.introspect;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.revocation.Revocations;
import dev.userinfo.auth.token.AuthorizationCodes;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.auth.user.User;
import dev.userinfo.jwt.testing.TestHttps;
import dev.userinfo.jwt.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /oauth2/introspect (RFC 7662) and POST /oauth2/revoke (RFC 7009). */
@QuarkusTest
class IntrospectionAndRevocationTest {

    static final String DEMO = Grants.basic("demo-app", "demo-secret");
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    @Inject
    Revocations revocations;

    Response post(String path, Map<String, String> form, String authorization) {
        RequestSpecification spec = TestHttps.given(url).contentType(ContentType.URLENC).formParams(form);
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        return spec.post(path);
    }

    Response introspect(String token, String authorization) {
        return post("/oauth2/introspect", Map.of("token", token), authorization);
    }

    Response revoke(String token, String authorization) {
        return post("/oauth2/revoke", Map.of("token", token), authorization);
    }

    void assertInactive(Response response) throws Exception {
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(JSON.readTree("{\"active\":false}"), JSON.readTree(response.asString()));
    }

    /** Tokens of a fresh authorization of demo-app: access, refresh, id. */
    Map<String, String> tokens(User user) {
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("openid", "offline_access", "quota_read"), null, null);
        Response response = post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code.code(),
                "redirect_uri", Grants.REDIRECT), DEMO);
        response.then().statusCode(200);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("access", response.path("access_token"));
        tokens.put("refresh", response.path("refresh_token"));
        tokens.put("id", response.path("id_token"));
        tokens.put("gid", code.grantId().toString());
        return tokens;
    }

    @Test
    void activeAccessTokenAnswersForItsClientAndResourceServicesOnly() throws Exception {
        User user = grants.user();
        Map<String, String> t = tokens(user);
        introspect(t.get("access"), DEMO).then().statusCode(200).header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("scope", equalTo("openid offline_access quota_read"))
                .body("client_id", equalTo("demo-app"))
                .body("sub", equalTo(Long.toString(user.id)))
                .body("username", equalTo(user.login))
                .body("token_type", equalTo("Bearer"))
                .body("gid", equalTo(t.get("gid")));
        Response body = introspect(t.get("access"), DEMO);
        long exp = ((Number) body.path("exp")).longValue();
        long iat = ((Number) body.path("iat")).longValue();
        assertEquals(600, exp - iat);
        introspect(t.get("access"), Grants.basic("userinfo-service", grants.feedClientSecret()))
                .then().statusCode(200).body("active", equalTo(true));
        String other = grants.secretOf("introspect-other", List.of("quota_read"));
        assertInactive(introspect(t.get("access"), Grants.basic("introspect-other", other)));

        introspect(t.get("refresh"), DEMO).then().statusCode(200).body("active", equalTo(true))
                .body("token_type", equalTo("refresh_token")).body("sub", equalTo(Long.toString(user.id)));
        assertInactive(introspect(t.get("refresh"), Grants.basic("introspect-other", other)));
    }

    @Test
    void anythingNotValidIsInactive() throws Exception {
        User user = grants.user();
        Map<String, String> t = tokens(user);
        // An ID token is no access token (typ JWT, RFC 9068 §4); another issuer's token; junk of every kind.
        assertInactive(introspect(t.get("id"), DEMO));
        TestTokens foreign = new TestTokens("https://elsewhere.example");
        assertInactive(introspect(foreign.forUser(Long.toString(user.id), "demo-app", "quota_read"), DEMO));
        for (String junk : List.of("nope", "a.b.c", "x".repeat(7000), "令牌", "' OR '1'='1", "pat_", "pat_' OR 1=1 --",
                "\u0000", t.get("access") + "x", t.get("refresh") + "x")) {
            assertInactive(introspect(junk, DEMO));
            revoke(junk, DEMO).then().statusCode(200);
        }
        // A disabled user's tokens die with the user (Revocations.revokeUser).
        Grants.await(() -> revocations.revokeUser(user.id, "test"));
        grants.sql("UPDATE auth.app_user SET status = 'disabled' WHERE id = " + user.id);
        assertInactive(introspect(t.get("access"), DEMO));
        assertInactive(introspect(t.get("refresh"), DEMO));
    }

    @Test
    void clientCredentialsTokensIntrospectToo() {
        String access = post("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "quota_read"), DEMO)
                .path("access_token");
        introspect(access, DEMO).then().statusCode(200).body("active", equalTo(true)).body("sub", equalTo("demo-app"))
                .body("client_id", equalTo("demo-app"));
    }

    @Test
    void revokingAnAccessTokenByJti() throws Exception {
        User user = grants.user();
        Map<String, String> t = tokens(user);
        String other = grants.secretOf("introspect-other", List.of("quota_read"));
        // Another client's token: 200, untouched (RFC 7009 §2.1).
        revoke(t.get("access"), Grants.basic("introspect-other", other)).then().statusCode(200);
        introspect(t.get("access"), DEMO).then().body("active", equalTo(true));
        post("/oauth2/revoke", Map.of("token", t.get("access"), "token_type_hint", "refresh_token"), DEMO)
                .then().statusCode(200).header("Cache-Control", "no-store");
        assertInactive(introspect(t.get("access"), DEMO));
        // Only that token: its refresh token and grant live on.
        introspect(t.get("refresh"), DEMO).then().body("active", equalTo(true));
        assertEquals(1, grants.count("SELECT count(*) FROM auth.revocation WHERE kind = 'token'"
                + " AND token_id = (SELECT token_id FROM auth.revocation WHERE kind = 'token' ORDER BY seq DESC LIMIT 1)"));
    }

    @Test
    void revokingARefreshTokenRevokesItsGrant() throws Exception {
        User user = grants.user();
        Map<String, String> t = tokens(user);
        post("/oauth2/revoke", Map.of("token", t.get("refresh"), "token_type_hint", "refresh_token"), DEMO)
                .then().statusCode(200);
        assertInactive(introspect(t.get("refresh"), DEMO));
        assertInactive(introspect(t.get("access"), DEMO));
        post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", t.get("refresh")), DEMO)
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        // Revoking again is fine: 200, nothing new.
        revoke(t.get("refresh"), DEMO).then().statusCode(200);
        assertEquals(1, grants.count("SELECT count(*) FROM auth.revocation WHERE kind = 'grant' AND grant_id = '"
                + t.get("gid") + "'"));
    }

    @Test
    void personalAccessTokensIntrospectForResourceServices() throws Exception {
        User user = grants.user();
        String token = "pat_" + dev.userinfo.auth.app.ClientSecrets.generate();
        long id = grants.pat(user.id, token, "user_info_read quota_read", "now() + interval '1 day'");
        String feed = Grants.basic("userinfo-service", grants.feedClientSecret());
        assertEquals(1, grants.count("SELECT count(*) FROM auth.personal_access_token WHERE id = " + id + " AND last_used_at IS NULL"));
        introspect(token, feed).then().statusCode(200)
                .body("active", equalTo(true))
                .body("sub", equalTo(Long.toString(user.id)))
                .body("client_id", equalTo("personal-access-token"))
                .body("scope", equalTo("user_info_read quota_read"))
                .body("username", equalTo(user.login))
                .body("jti", equalTo(Long.toString(id)));
        // Its use is recorded for the user's tokens page.
        assertEquals(1, grants.count("SELECT count(*) FROM auth.personal_access_token WHERE id = " + id
                + " AND last_used_at > now() - interval '1 minute'"));
        // An app cannot learn about a user's script token.
        assertInactive(introspect(token, DEMO));
        Grants.await(() -> revocations.revokePersonalToken(id, user.id));
        assertInactive(introspect(token, feed));
        String expired = "pat_" + dev.userinfo.auth.app.ClientSecrets.generate();
        grants.pat(user.id, expired, "quota_read", "now() - interval '1 second'");
        assertInactive(introspect(expired, feed));
    }

    @Test
    void badRequestsGetRfcErrors() {
        for (String path : List.of("/oauth2/introspect", "/oauth2/revoke")) {
            post(path, Map.of(), DEMO).then().statusCode(400).body("error", equalTo("invalid_request"));
            post(path, Map.of("token", "x"), null).then().statusCode(401).body("error", equalTo("invalid_client"));
            post(path, Map.of("token", "x"), Grants.basic("demo-app", "wrong")).then().statusCode(401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("Basic"));
            TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", DEMO).body("token=a&token=b")
                    .post(path).then().statusCode(400).body("error", equalTo("invalid_request"));
            TestHttps.given(url).contentType(ContentType.JSON).header("Authorization", DEMO).body("{\"token\":\"a\"}")
                    .post(path).then().statusCode(400).body("error", equalTo("invalid_request"));
            TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", DEMO)
                    .body("token=" + "a".repeat(20_000)).post(path).then().statusCode(400).body("error", equalTo("invalid_request"));
            TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", DEMO).body("token=%zz")
                    .post(path).then().statusCode(400).body("error", equalTo("invalid_request"));
            TestHttps.given(url).get(path).then().statusCode(405);
        }
        // Introspection is for confidential clients: a public one cannot ask.
        grants.app("public-introspect", "public", List.of("quota_read"));
        post("/oauth2/introspect", Map.of("token", "x", "client_id", "public-introspect"), null).then().statusCode(401);
    }

    @Test
    void noTokenReachesTheLog() throws Exception {
        User user = grants.user();
        Map<String, String> t = tokens(user);
        introspect(t.get("access"), DEMO);
        revoke(t.get("refresh"), DEMO);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        for (String secret : List.of(t.get("access"), t.get("refresh"), t.get("id"))) {
            assertFalse(log.contains(secret));
        }
    }
}
