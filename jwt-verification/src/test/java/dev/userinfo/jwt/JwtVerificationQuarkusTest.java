package dev.userinfo.jwt;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.userinfo.jwt.testing.BearerTokenContractTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The module inside a minimal Quarkus app: authentication mechanism, identity, scope requirement. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class JwtVerificationQuarkusTest extends BearerTokenContractTest {

    @Test
    void aDeclaredScopeIsEnforcedWithInsufficientScope() {
        TestHttps.given(url).header("Authorization", "Bearer " + tokens().forUser("7", "demo-app", "openid"))
                .get("/test/quota").then().statusCode(403)
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                .body("error", equalTo("insufficient_scope"));
        TestHttps.given(url).header("Authorization", "Bearer " + tokens().forUser("7", "demo-app", "quota_read"))
                .get("/test/quota").then().statusCode(200).body(equalTo("ok"));
        TestHttps.given(url).get("/test/quota").then().statusCode(401);
    }
}
