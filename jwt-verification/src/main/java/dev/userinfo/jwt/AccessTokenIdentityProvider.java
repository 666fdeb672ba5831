package dev.userinfo.jwt;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Permission;
import org.jboss.logging.Logger;

/**
 * Turns a verified access token into a {@link SecurityIdentity}: the principal is {@code sub}, the roles and
 * the {@link StringPermission}s are the granted scopes, so {@code @PermissionsAllowed("quota_read")} on a
 * resource is the declarative scope requirement.
 */
@ApplicationScoped
public class AccessTokenIdentityProvider implements IdentityProvider<BearerTokenRequest> {

    private static final Logger LOG = Logger.getLogger(AccessTokenIdentityProvider.class);

    private final AccessTokenVerifier verifier;

    public AccessTokenIdentityProvider(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Class<BearerTokenRequest> getRequestType() {
        return BearerTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest request, AuthenticationRequestContext context) {
        return verifier.verify(request.token())
                .onItem().transform(AccessTokenIdentityProvider::identity)
                .onFailure(InvalidTokenException.class).transform(failure -> {
                    LOG.debugf("Access token refused: %s", failure.getMessage());
                    return new AuthenticationFailedException(failure.getMessage(), failure);
                });
    }

    static SecurityIdentity identity(VerifiedCaller caller) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.subject()))
                .addRoles(caller.scopes())
                .addAttribute(VerifiedCaller.IDENTITY_ATTRIBUTE, caller)
                .addPermissionChecker(permission -> Uni.createFrom().item(grants(caller, permission)));
        return builder.build();
    }

    private static boolean grants(VerifiedCaller caller, Permission permission) {
        return permission instanceof StringPermission && caller.hasScope(permission.getName());
    }
}
