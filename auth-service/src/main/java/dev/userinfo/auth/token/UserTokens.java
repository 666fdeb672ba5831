package dev.userinfo.auth.token;

import dev.userinfo.auth.scope.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Access tokens of a user grant, with the claims of docs/internal-contracts.md §1 ({@code open_id}, {@code gid}). */
@ApplicationScoped
public class UserTokens {

    private final AccessTokenIssuer issuer;
    private final IdTokenIssuer idTokens;

    public UserTokens(AccessTokenIssuer issuer, IdTokenIssuer idTokens) {
        this.issuer = issuer;
        this.idTokens = idTokens;
    }

    /** A token for the resource servers the authorization named (RFC 8707), or all of them. */
    public AccessTokenIssuer.IssuedToken accessToken(AuthorizationGrant grant, String openId, Collection<String> scopes) {
        return accessToken(grant, openId, scopes, grant.resourceList());
    }

    /** {@code audience}: resource servers, already checked to be within the grant's (RFC 8707 §2.2). */
    public AccessTokenIssuer.IssuedToken accessToken(AuthorizationGrant grant, String openId, Collection<String> scopes,
                                                     List<String> audience) {
        return issuer.issue(Long.toString(grant.userId), grant.clientId, scopes,
                Map.of("open_id", openId, "gid", grant.id.toString()), audience);
    }

    /** The RFC 6749 §5.1 answer, with an ID token when openid is among the scopes (OIDC Core §3.1.3.3). */
    TokenEndpoint.TokenResponse response(AuthorizationGrant grant, String openId, Collection<String> scopes,
                                         String refreshToken, String nonce) {
        return response(grant, openId, scopes, refreshToken, nonce, grant.resourceList());
    }

    TokenEndpoint.TokenResponse response(AuthorizationGrant grant, String openId, Collection<String> scopes,
                                         String refreshToken, String nonce, List<String> audience) {
        AccessTokenIssuer.IssuedToken access = accessToken(grant, openId, scopes, audience);
        String idToken = scopes.contains(Scope.OPENID.value()) ? idTokens.issue(grant, access.value(), nonce) : null;
        return new TokenEndpoint.TokenResponse(access.value(), "Bearer", access.expiresIn(), access.scope(),
                refreshToken, idToken);
    }
}
