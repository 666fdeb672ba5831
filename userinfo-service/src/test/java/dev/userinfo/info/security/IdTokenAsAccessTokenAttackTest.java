package dev.userinfo.info.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 3: an ID token (same key and issuer as an access token), a token without {@code typ: at+jwt},
 * and an access token narrowed (RFC 8707) to account-quota-service are each presented to {@code /whoami} and to
 * every dialect of userinfo-service. Each is refused as an invalid token in that endpoint's own envelope, and the
 * user's data is never in the answer. The same access token with this service in {@code aud} passes, so the
 * refusals are about typ and aud alone.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class IdTokenAsAccessTokenAttackTest extends ServiceTest {

    private static final AtomicLong APPS = new AtomicLong(System.nanoTime() % 1_000_000 * 10 + 7_000_000);
    private static final String SECRET_NAME = "Mallory-Target-Nickname";

    private long userId;
    private long appId;
    private String clientId;

    @BeforeEach
    void data() {
        userId = createUser("idt" + newUserId(), SECRET_NAME, "victim@example.com", null);
        appId = APPS.incrementAndGet();
        clientId = "idt-app-" + appId;
        registerApp(appId, clientId);
    }

    /** The forgeries: everything a legitimate access token has, except what says it is one and for us. */
    private String[] forgeries() {
        String sub = String.valueOf(userId);
        String scopes = "openid profile email user_info_read snsapi_userinfo";
        return new String[] {
                tokens().idToken(sub, clientId),
                tokens().token().subject(sub).clientId(clientId).scope(scopes).typ("JWT").claim("open_id", "oid-x").sign(),
                tokens().token().subject(sub).clientId(clientId).scope(scopes).withoutTyp().claim("open_id", "oid-x").sign(),
                tokens().token().subject(sub).clientId(clientId).scope(scopes).audience(TestTokens.ACCOUNT_QUOTA_SERVICE)
                        .claim("open_id", "oid-x").sign(),
        };
    }

    private static void noData(Response response) {
        assertFalse(response.asString().contains(SECRET_NAME), response.asString());
        assertFalse(response.asString().contains("victim@example.com"), response.asString());
        assertFalse(response.asString().contains("Exception"), response.asString());
    }

    private Response whoami(String token) {
        return given().header("Authorization", "Bearer " + token).get("/whoami");
    }

    private Response oidc(String token) {
        return given().header("Authorization", "Bearer " + token).get("/userinfo");
    }

    private Response seed004(String token) {
        return given().contentType(ContentType.JSON)
                .body("{\"appid\":" + appId + ",\"email\":\"victim@example.com\",\"access_token\":\"" + token + "\"}")
                .post("/developer/profile.php");
    }

    private Response userDetail(String token) {
        return given().header("X-App-Id", clientId).queryParam("accessToken", token).queryParam("userId", userId).get("/user/info");
    }

    private Response vvchat(String token) {
        return given().header("Authorization", token).get("/userservices/v2/authorization/userinfo");
    }

    private Response chatroom(String token) {
        return given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token)
                .get("/chatroom/api/account/info?client_id=" + clientId + "&redirect_uri=http%3A%2F%2Flocalhost&scope=user_info_read");
    }

    @Test
    void idTokenAndForeignAudienceTokensAreRefusedAtWhoami() {
        for (String forged : forgeries()) {
            Response r = whoami(forged);
            r.then().statusCode(401).header("WWW-Authenticate", containsString("error=\"invalid_token\""));
            noData(r);
        }
    }

    @Test
    void idTokenAndForeignAudienceTokensAreRefusedByTheOidcUserinfoEndpoint() {
        for (String forged : forgeries()) {
            Response r = oidc(forged);
            r.then().statusCode(401).header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                    .body("error", equalTo("invalid_token"));
            noData(r);
        }
    }

    @Test
    void idTokenAndForeignAudienceTokensAreRefusedBySeed004() {
        for (String forged : forgeries()) {
            Response r = seed004(forged);
            assertEquals(401, r.statusCode(), r.asString());
            r.then().body("code", equalTo(401)).body("msg", equalTo("Token验证失败"));
            noData(r);
        }
    }

    @Test
    void idTokenAndForeignAudienceTokensAreRefusedByUserDetail() {
        for (String forged : forgeries()) {
            Response r = userDetail(forged);
            assertEquals(401, r.statusCode(), r.asString());
            r.then().body("status", equalTo("fail")).body("message", equalTo("accessToken无效"));
            noData(r);
        }
    }

    @Test
    void idTokenAndForeignAudienceTokensAreRefusedByVvchat() {
        for (String forged : forgeries()) {
            Response r = vvchat(forged);
            assertEquals(401, r.statusCode(), r.asString());
            r.then().body("err_code", equalTo(401)).body("err_msg", equalTo("无效的token"));
            noData(r);
        }
    }

    @Test
    void idTokenAndForeignAudienceTokensAreRefusedBySeed000() {
        for (String forged : forgeries()) {
            Response r = chatroom(forged);
            assertEquals(401, r.statusCode(), r.asString());
            r.then().body("msg", equalTo("访问令牌无效，请重新授权"));
            noData(r);
        }
    }

    @Test
    void theSameClaimsAsAnAccessTokenForThisServicePass() {
        // Control: with typ at+jwt and this service in aud the very same claims are honoured.
        String sub = String.valueOf(userId);
        String good = tokens().token().subject(sub).clientId(clientId).scope("openid profile").claim("open_id", "oid-x")
                .audience(TestTokens.USERINFO_SERVICE).sign();
        oidc(good).then().statusCode(200).body("sub", equalTo(sub)).body("name", equalTo(SECRET_NAME));
        whoami(good).then().statusCode(200);
    }
}
