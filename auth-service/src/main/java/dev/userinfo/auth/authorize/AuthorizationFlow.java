package dev.userinfo.auth.authorize;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.consent.Consents;
import dev.userinfo.auth.session.LoginResource;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.auth.token.AuthorizationCodes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What happens to a valid authorization request: sign in if needed (OIDC Core §3.1.2.3), ask for consent unless it
 * is remembered (§3.1.2.4), then issue a code (RFC 6749 §4.1.2). The doors differ only in how they answer.
 */
@ApplicationScoped
public class AuthorizationFlow {

    private static final Logger LOG = Logger.getLogger(AuthorizationFlow.class);

    /** The next step for the browser. */
    public sealed interface Step {
    }

    /** Go to the login page, which comes back to {@code returnTo}. */
    public record NeedLogin(String loginUrl) implements Step {
    }

    /** Show the consent page. */
    public record NeedConsent(AuthorizationRequest request, SignedIn user) implements Step {
    }

    /** Send the browser to the app: a code or an error, already in the URL. */
    public record Redirect(String location) implements Step {
    }

    private final Consents consents;
    private final AuthorizationCodes codes;
    private final AuthConfig config;

    public AuthorizationFlow(Consents consents, AuthorizationCodes codes, AuthConfig config) {
        this.consents = consents;
        this.codes = codes;
        this.config = config;
    }

    public Uni<Step> proceed(AuthorizationRequest request, SignedIn user) {
        boolean forceLogin = request.prompt().contains("login");
        if (user == null || forceLogin || tooOld(user, request.maxAge())) {
            if (request.prompt().contains("none")) {
                return Uni.createFrom().item(error(request.target(), "login_required", "the user is not signed in"));
            }
            // The login about to happen satisfies prompt=login and max_age (no loop); prompt=consent comes back intact.
            return Uni.createFrom().item(new NeedLogin(LoginResource.loginUrl(request.path(true))));
        }
        if (request.prompt().contains("consent")) {
            return Uni.createFrom().item(new NeedConsent(request, user));
        }
        return consents.covers(user.userId(), request.app().appid, request.scopes()).chain(covered -> {
            if (covered) {
                return issue(request, user);
            }
            if (request.prompt().contains("none")) {
                return Uni.createFrom().item(error(request.target(), "consent_required", "the user has not authorized these scopes"));
            }
            return Uni.createFrom().item(new NeedConsent(request, user));
        });
    }

    /** The user's answer on the consent page. */
    public Uni<Step> decide(AuthorizationRequest request, SignedIn user, boolean approved) {
        if (!approved) {
            return Uni.createFrom().item(error(request.target(), "access_denied", "the user denied the request"));
        }
        // The failure is answered outside the transaction: recovering inside it would commit an aborted
        // transaction (its flush fails again) and turn server_error into a 500 page.
        return answer(request, Panache.withTransaction(() -> grant(request, user)));
    }

    /**
     * The approval itself: the consent is remembered and a code issued, in the caller's transaction. The consent
     * page and a pushed prompt (issue #6) both approve through here.
     */
    public Uni<AuthorizationCodes.Issued> grant(AuthorizationRequest request, SignedIn user) {
        return consents.remember(user.userId(), request.app().appid, request.scopes()).chain(() -> store(request, user));
    }

    /** Where the browser takes an issued code: the app's redirect URI with code, state and iss (RFC 9207 §2). */
    public String successRedirect(AuthorizationRequest request, String code) {
        return Dialect.redirect(request.redirectUri(), request.dialect().success(code, request.state(), config.issuer()));
    }

    private Uni<Step> issue(AuthorizationRequest request, SignedIn user) {
        return answer(request, store(request, user));
    }

    private Uni<AuthorizationCodes.Issued> store(AuthorizationRequest request, SignedIn user) {
        return codes.issue(new AuthorizationCodes.Approval(user.userId(), request.app().appid, request.app().clientId,
                List.copyOf(request.scopes()), request.redirectUri(), request.codeChallenge(),
                request.codeChallengeMethod(), request.nonce(), user.authTime(),
                request.parameters().containsKey("redirect_uri"), List.copyOf(request.resources())));
    }

    /** The code to the app, or server_error when it could not be stored (RFC 6749 §4.1.2.1). */
    private Uni<Step> answer(AuthorizationRequest request, Uni<AuthorizationCodes.Issued> stored) {
        return stored.map(issued -> (Step) new Redirect(successRedirect(request, issued.code())))
                .onFailure().recoverWithItem(failure -> {
                    // Never log the request: its URL carries state, and codes must not reach a log.
                    LOG.errorf("authorization code not issued for app %s: %s", request.app().clientId, failure.toString());
                    return error(request.target(), "server_error", "the authorization could not be stored; try again");
                });
    }

    /** An error answer to the app (RFC 6749 §4.1.2.1), with iss (RFC 9207 §2). */
    public Redirect error(Target target, String error, String description) {
        return new Redirect(Dialect.redirect(target.redirectUri(),
                target.dialect().error(error, description, target.state(), config.issuer())));
    }

    /** OIDC Core §3.1.2.1 max_age: a login older than this must be repeated. */
    private static boolean tooOld(SignedIn user, Long maxAge) {
        return maxAge != null && Duration.between(user.authTime(), Instant.now()).getSeconds() > maxAge;
    }
}
