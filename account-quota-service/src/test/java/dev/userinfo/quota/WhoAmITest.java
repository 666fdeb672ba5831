package dev.userinfo.quota;

import dev.userinfo.jwt.testing.BearerTokenContractTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** account-quota-service verifies tokens exactly as jwt-verification's contract says, over HTTPS. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class WhoAmITest extends BearerTokenContractTest {
}
