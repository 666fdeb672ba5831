package dev.userinfo.quota.web;

import dev.userinfo.jwt.VerifiedCaller;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The verified caller of a request, resolved here rather than by security annotations so that every refusal
 * is answered in this service's envelope instead of the framework's bare 401.
 */
@ApplicationScoped
public class Callers {

    /** clientId of a personal access token as jwt-verification presents it (docs/internal-contracts.md §1). */
    public static final String PERSONAL_ACCESS_TOKEN = "personal-access-token";

    private final CurrentIdentityAssociation identity;

    public Callers(CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    /** The caller, or an {@link ApiError} 401 for no token or a refused one. */
    public Uni<VerifiedCaller> require(String noToken, String badToken) {
        return identity.getDeferredIdentity()
                .onFailure().transform(e -> new ApiError(401, "invalid_token", badToken))
                .map(id -> {
                    VerifiedCaller caller = id == null || id.isAnonymous() ? null : VerifiedCaller.of(id);
                    if (caller == null) {
                        throw new ApiError(401, "invalid_token", noToken);
                    }
                    return caller;
                });
    }

    /**
     * The user's personal access token, as jwt-verification presents it; its scopes are checked like any token's
     * (issue #13, 2). auth-service refuses to register an app under this client_id.
     */
    public static boolean personalToken(VerifiedCaller caller) {
        return !caller.clientToken() && caller.userId().isPresent() && PERSONAL_ACCESS_TOKEN.equals(caller.clientId());
    }
}
