package dev.userinfo.jwt.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * For {@code @QuarkusTestResource}: a JWKS server with test keys, and the service configured to trust it.
 * Tests reach the minting side through {@link #tokens()} and the stand-in for auth-service through {@link #server()}.
 * The {@code userinfo.prompts.*} keys are userinfo-service's; other services have no such mapping and ignore them.
 */
public class JwksTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://auth.test.local";

    private static volatile JwksTestServer server;

    @Override
    public Map<String, String> start() {
        server = new JwksTestServer(new TestTokens(ISSUER), JwksTestServer.localTlsDir());
        return Map.ofEntries(
                Map.entry("platform.jwt.issuer", ISSUER),
                Map.entry("platform.jwt.jwks-url", server.jwksUrl()),
                Map.entry("platform.jwt.jwks-min-refetch-interval", "1s"),
                Map.entry("platform.jwt.client-id", JwksTestServer.CLIENT_ID),
                Map.entry("platform.jwt.client-secret", JwksTestServer.CLIENT_SECRET),
                Map.entry("platform.jwt.revocation.enabled", "true"),
                Map.entry("platform.jwt.revocation.feed-url", server.feedUrl()),
                Map.entry("platform.jwt.personal-tokens.enabled", "true"),
                Map.entry("platform.jwt.personal-tokens.introspection-url", server.introspectionUrl()),
                // userinfo-service asks the stand-in to open seed 000's authorization requests (contract §4).
                Map.entry("userinfo.prompts.enabled", "true"),
                Map.entry("userinfo.prompts.url", server.promptsUrl()));
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
