package dev.userinfo.auth.token;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthForm;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.scope.ServiceScopes;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code grant_type=client_credentials} (RFC 6749 §4.4): the app acts for itself, so {@code sub} is its client_id. */
@ApplicationScoped
public class ClientCredentialsGrant {

    /** Scopes about a user mean nothing without a user: never granted to the client itself. */
    private static final Set<String> USER_ONLY = Set.of(Scope.OPENID.value(), Scope.OFFLINE_ACCESS.value());

    private final AccessTokenIssuer issuer;
    private final ServiceScopes serviceScopes;
    private final ResourceIndicators resources;

    public ClientCredentialsGrant(AccessTokenIssuer issuer, ServiceScopes serviceScopes, ResourceIndicators resources) {
        this.issuer = issuer;
        this.serviceScopes = serviceScopes;
        this.resources = resources;
    }

    public AccessTokenIssuer.IssuedToken grant(App client, OAuthForm request) {
        Set<String> requested = Scope.parse(request.get("scope").orElse(null));
        List<String> allowed = client.scopes();
        List<String> granted = new ArrayList<>();
        if (requested.isEmpty()) {
            // RFC 6749 §3.3: absent scope means the app's registered default, here every allowed scope; a service
            // scope only when asked for by name.
            allowed.stream().filter(s -> !USER_ONLY.contains(s)).forEach(granted::add);
        } else {
            for (String scope : requested) {
                if (ServiceScopes.isServiceScope(scope)) {
                    // Never from a registration: only an operator's list of first-party services names it (issue #13, 1).
                    if (!serviceScopes.grantable(scope, client.clientId)) {
                        throw OAuthError.invalidScope("scope " + OAuthForm.safeName(scope) + " is not allowed for this client");
                    }
                    granted.add(scope);
                    continue;
                }
                if (!allowed.contains(scope) || USER_ONLY.contains(scope)) {
                    throw OAuthError.invalidScope("scope " + OAuthForm.safeName(scope) + " is not allowed for this client");
                }
                granted.add(scope);
            }
        }
        // RFC 8707 §2: resource narrows aud to the named resource servers; without it, all of them.
        List<String> audience = resources.audience(List.of(), request.resources());
        // gty tells resource services that no user is behind this token.
        return issuer.issue(client.clientId, client.clientId, new LinkedHashSet<>(granted),
                java.util.Map.of("gty", "client-credentials"), audience);
    }
}
