package dev.userinfo.info.profile;

import dev.userinfo.info.app.App;
import dev.userinfo.info.app.AppRegistry;
import dev.userinfo.info.profile.AccessDenied.Reason;
import dev.userinfo.jwt.AccessTokenVerifier;
import dev.userinfo.jwt.InsufficientScopeException;
import dev.userinfo.jwt.InvalidTokenException;
import dev.userinfo.jwt.VerifiedCaller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The rules every dialect shares: a token verified by jwt-verification (JWTs now, personal access tokens once
 * jwt-verification resolves them, both as a {@link VerifiedCaller}), a user behind it, and that user served.
 */
@ApplicationScoped
public class UserAccess {

    private final AccessTokenVerifier verifier;
    private final UserDirectory directory;
    private final AppRegistry apps;

    public UserAccess(AccessTokenVerifier verifier, UserDirectory directory, AppRegistry apps) {
        this.verifier = verifier;
        this.directory = directory;
        this.apps = apps;
    }

    /** Verifies a token taken from wherever the dialect carries it; fails with {@link AccessDenied}. */
    public Uni<VerifiedCaller> caller(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(new AccessDenied(Reason.NO_TOKEN));
        }
        return verifier.verify(token.trim()).onFailure().transform(UserAccess::denial);
    }

    /** The served user behind a verified user token. */
    public Uni<UserSnapshot> user(VerifiedCaller caller) {
        var userId = caller.userId();
        if (userId.isEmpty()) {
            return Uni.createFrom().failure(new AccessDenied(Reason.NOT_A_USER));
        }
        return user(userId.getAsLong());
    }

    /** A served user by id. */
    public Uni<UserSnapshot> user(long userId) {
        return directory.find(userId).map(found -> {
            if (found.isEmpty() || !found.get().served()) {
                throw new AccessDenied(Reason.UNKNOWN_USER);
            }
            return found.get();
        });
    }

    /**
     * The user {@code userId} as the caller's app may see them: its own user always; any other user only when an
     * operator granted the app directory access (default deny). A client token has no own user.
     */
    public Uni<UserSnapshot> userSeenBy(VerifiedCaller caller, long userId) {
        if (caller.userId().isPresent() && caller.userId().getAsLong() == userId) {
            return user(userId);
        }
        return apps.byClientId(caller.clientId()).flatMap(app -> {
            if (app.isEmpty() || !app.get().directoryAccess()) {
                throw new AccessDenied(Reason.OTHER_USER);
            }
            return user(userId);
        });
    }

    /**
     * Fails unless the token was issued to the app named by {@code appIdOrClientId} ({@link #clientIdOf}), as seed 002's
     * own example names it ({@code X-App-Id: 1}, "客户端 clientId"). An unknown appid is {@link Reason#WRONG_APP}, as an
     * unknown client_id is.
     */
    public Uni<Void> requireAppNamed(VerifiedCaller caller, String appIdOrClientId) {
        return clientIdOf(appIdOrClientId).map(clientId -> {
            requireApp(caller, clientId.orElseThrow(() -> new AccessDenied(Reason.WRONG_APP)));
            return null;
        });
    }

    /**
     * The client_id of the app a seed names by its {@code client_id} or its numeric {@code appid}. A value of digits only
     * is an appid: auth-service refuses all-digit client_ids, so the two never collide. Empty for an appid no active app
     * has; any other value is taken as the client_id it is.
     */
    public Uni<Optional<String>> clientIdOf(String appIdOrClientId) {
        if (!isAppId(appIdOrClientId)) {
            return Uni.createFrom().item(Optional.of(appIdOrClientId));
        }
        if (appIdOrClientId.length() > 1 && appIdOrClientId.charAt(0) == '0') {
            return Uni.createFrom().item(Optional.empty()); // as auth-service's seed 001: an appid has no leading zero
        }
        try {
            return apps.byAppId(Long.parseLong(appIdOrClientId)).map(app -> app.map(App::clientId));
        } catch (NumberFormatException beyondInt64) {
            return Uni.createFrom().item(Optional.empty());
        }
    }

    /** Digits only: an appid rather than a client_id. */
    public static boolean isAppId(String appIdOrClientId) {
        return !appIdOrClientId.isEmpty() && appIdOrClientId.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Fails unless the token was issued to the app {@code clientId}. A personal access token is bound to no app, so it
     * never passes, even when the request names its pseudo client id (docs/internal-contracts.md §1).
     */
    public static void requireApp(VerifiedCaller caller, String clientId) {
        if (caller.personalToken() || !clientId.equals(caller.clientId())) {
            throw new AccessDenied(Reason.WRONG_APP);
        }
    }

    /**
     * Fails unless the token carries {@code scope}: jwt-verification's one rule for every credential, so a personal
     * access token needs the scope exactly as an app's token does (issue #13 item 2).
     */
    public static void requireScope(VerifiedCaller caller, String scope) {
        try {
            caller.requireScope(scope);
        } catch (InsufficientScopeException e) {
            throw new AccessDenied(Reason.MISSING_SCOPE);
        }
    }

    private static Throwable denial(Throwable failure) {
        if (failure instanceof InvalidTokenException invalid) {
            return new AccessDenied(switch (invalid.reason()) {
                case EXPIRED -> Reason.EXPIRED_TOKEN;
                case JWKS_UNAVAILABLE, AUTH_SERVICE_UNAVAILABLE -> Reason.UNAVAILABLE;
                default -> Reason.INVALID_TOKEN;
            });
        }
        return failure;
    }
}
