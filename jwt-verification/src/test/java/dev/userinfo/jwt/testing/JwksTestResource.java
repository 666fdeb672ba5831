package dev.userinfo.jwt.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * For {@code @QuarkusTestResource}: a JWKS server with test keys, and the service configured to trust it.
 * Tests reach the minting side through {@link #tokens()}.
 */
public class JwksTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://auth.test.local";

    private static volatile JwksTestServer server;

    @Override
    public Map<String, String> start() {
        server = new JwksTestServer(new TestTokens(ISSUER), JwksTestServer.localTlsDir());
        return Map.of(
                "platform.jwt.issuer", ISSUER,
                "platform.jwt.jwks-url", server.jwksUrl(),
                "platform.jwt.jwks-min-refetch-interval", "1s",
                "platform.jwt.client-id", JwksTestServer.CLIENT_ID,
                "platform.jwt.client-secret", JwksTestServer.CLIENT_SECRET,
                "platform.jwt.revocation.enabled", "true",
                "platform.jwt.revocation.feed-url", server.feedUrl(),
                "platform.jwt.personal-tokens.enabled", "true",
                "platform.jwt.personal-tokens.introspection-url", server.introspectionUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    public static TestTokens tokens() {
        return server.tokens();
    }

    public static JwksTestServer server() {
        return server;
    }
}
