package dev.userinfo.info.dialect;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OIDC Core §5.3 UserInfo: claims by scope, RFC 6750 errors, Bearer header only. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class OidcUserinfoTest extends ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private long userId;

    @BeforeEach
    void user() {
        userId = createUser("alice", "Alice", "alice@example.com", "+8613800138000");
        sql("UPDATE profile SET gender = 2, avatar_url = 'https://cdn.example/a.png' WHERE user_id = $1", userId);
        deliver(event(2, "user.updated", userId, 2, "alice", "Alice", "alice@example.com", "+8613800138000", "active")).statusCode(200);
    }

    private String get(String... scopes) {
        return given().header("Authorization", "Bearer " + tokens().forUser(String.valueOf(userId), "demo-app", scopes))
                .get("/userinfo").then().statusCode(200).extract().asString();
    }

    @Test
    void claimsFollowTheScopes() throws Exception {
        assertEquals(JSON.readTree("{\"sub\":\"" + userId + "\"}"), JSON.readTree(get("openid")));
        assertEquals(JSON.readTree("{\"sub\":\"" + userId + "\",\"name\":\"Alice\",\"nickname\":\"Alice\",\"preferred_username\":\"alice\","
                + "\"picture\":\"https://cdn.example/a.png\",\"gender\":\"female\",\"email\":\"alice@example.com\","
                + "\"phone_number\":\"+8613800138000\"}"), JSON.readTree(get("openid", "profile", "email", "phone")));
        assertEquals(JSON.readTree("{\"sub\":\"" + userId + "\",\"email\":\"alice@example.com\"}"), JSON.readTree(get("openid", "email")));
    }

    @Test
    void postAnswersTheSame() throws Exception {
        String body = given().header("Authorization", "Bearer " + tokens().forUser(String.valueOf(userId), "demo-app", "openid", "email"))
                .post("/userinfo").then().statusCode(200).extract().asString();
        assertEquals(JSON.readTree("{\"sub\":\"" + userId + "\",\"email\":\"alice@example.com\"}"), JSON.readTree(body));
    }

    @Test
    void aRevokedTokenIsNeverAnsweredFromACache() {
        String jti = java.util.UUID.randomUUID().toString();
        String token = tokens().token().subject(String.valueOf(userId)).clientId("demo-app").scope("openid profile")
                .claim("jti", jti).sign();
        for (int i = 0; i < 3; i++) {   // warm every cache: verified tokens, the user directory
            given().header("Authorization", "Bearer " + token).get("/userinfo").then().statusCode(200);
        }
        JwksTestResource.server().revoke("token", jti, null, null, null, null);
        long deadline = System.nanoTime() + 1_000_000_000L;
        int status;
        do {
            status = given().header("Authorization", "Bearer " + token).get("/userinfo").then().extract().statusCode();
        } while (status == 200 && System.nanoTime() < deadline);
        assertEquals(401, status, "a revoked token must be refused within 1 s");
        given().header("Authorization", "Bearer " + token).get("/userinfo").then().statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void errorsAreRfc6750() {
        given().get("/userinfo").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer realm="));
        given().header("Authorization", "Bearer nope").get("/userinfo").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        // the token in the body (RFC 6750 §2.2) is not accepted here: Bearer header only
        given().contentType(ContentType.URLENC).formParam("access_token", tokens().forUser(String.valueOf(userId), "demo-app", "openid"))
                .post("/userinfo").then().statusCode(401);
        given().header("Authorization", "Bearer " + tokens().forUser(String.valueOf(userId), "demo-app", "profile"))
                .get("/userinfo").then().statusCode(403).header("WWW-Authenticate", containsString("insufficient_scope"));
        given().header("Authorization", "Bearer " + tokens().forClient("demo-app", "openid"))
                .get("/userinfo").then().statusCode(403);
        deliver(event(3, "user.deleted", userId, 3, null, null, null, null, "deleted")).statusCode(200);
        given().header("Authorization", "Bearer " + tokens().forUser(String.valueOf(userId), "demo-app", "openid"))
                .get("/userinfo").then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));
    }
}
