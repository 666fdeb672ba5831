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
}
