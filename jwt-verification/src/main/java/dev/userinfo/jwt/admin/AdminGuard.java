package dev.userinfo.jwt.admin;

import dev.userinfo.contracts.admin.AdminCredential;
import dev.userinfo.jwt.AccessTokenVerifier;
import dev.userinfo.jwt.BearerTokenAuthenticationMechanism;
import dev.userinfo.jwt.InvalidTokenException;
import dev.userinfo.jwt.VerifiedCaller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Admits an admin API request by its {@code Authorization} header (issue #18): the static credential, or a Bearer
 * access token or personal access token verified like any other ({@link AccessTokenVerifier}: signature, audience,
 * revocation), then {@link AdminAccessRule}. {@link AdminGuardFilter} runs it for {@link AdminApi} resources; a
 * service with its own admin rules beside it (account-quota-service) may call {@link #admit} itself.
 */
@ApplicationScoped
public class AdminGuard {

    private static final Logger LOG = Logger.getLogger(AdminGuard.class);

    private final AdminCredential credential;
    private final AccessTokenVerifier verifier;

    public AdminGuard(AdminCredential credential, AccessTokenVerifier verifier) {
        this.credential = credential;
        this.verifier = verifier;
    }

    /** Who the request is admitted as, or a failure with the 401 / 403 {@code AdminProblem} of {@link AdminAccessRule}. */
    public Uni<AdminCaller> admit(String authorization, String httpMethod) {
        if (credential.accepts(authorization)) {
            return Uni.createFrom().item(AdminCaller.STATIC_CREDENTIAL);
        }
        String token = BearerTokenAuthenticationMechanism.bearerToken(authorization);
        Uni<VerifiedCaller> caller = token == null ? Uni.createFrom().nullItem()
                : verifier.verify(token).onFailure(InvalidTokenException.class).recoverWithItem(failure -> {
                    LOG.debugf("Admin API token refused: %s", failure.getMessage());
                    return null;
                });
        return caller.map(verified -> AdminAccessRule.admit(false, verified, httpMethod));
    }
}
