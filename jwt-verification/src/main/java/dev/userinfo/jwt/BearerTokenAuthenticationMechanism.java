package dev.userinfo.jwt;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>} and hands it to {@link AccessTokenIdentityProvider}.
 *
 * <p>No header means an anonymous request; endpoints that need a caller then answer 401 with a bare
 * {@code Bearer} challenge, and a refused token adds {@code error="invalid_token"} (RFC 6750 §3, §3.1).
 *
 * <p>Ranked above quarkus-smallrye-jwt's own {@code JWTAuthMechanism}, which answers a bare {@code Bearer} challenge
 * and knows neither personal tokens nor revocation, so that one only ever sees requests without a Bearer token.
 */
@ApplicationScoped
public class BearerTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String TOKEN_REFUSED = BearerTokenAuthenticationMechanism.class.getName() + ".refused";
    private static final String SCHEME = "Bearer";

    private final JwtVerificationConfig config;

    public BearerTokenAuthenticationMechanism(JwtVerificationConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(new BearerTokenRequest(token))
                .onFailure().invoke(() -> context.put(TOKEN_REFUSED, Boolean.TRUE));
    }

    /** The token of a Bearer {@code Authorization} header value, or {@code null}. The scheme is case-insensitive (RFC 7235 §2.1). */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length() + 1
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        String token = authorization.substring(SCHEME.length() + 1).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        StringBuilder header = new StringBuilder("Bearer realm=\"").append(config.issuer()).append('"');
        if (Boolean.TRUE.equals(context.get(TOKEN_REFUSED))) {
            header.append(", error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", header.toString()));
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(BearerTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME.toLowerCase()));
    }
}
