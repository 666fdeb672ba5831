package dev.userinfo.info.profile;

import dev.userinfo.info.app.App;
import dev.userinfo.info.app.AppRegistry;
import dev.userinfo.info.profile.AccessDenied.Reason;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Seed 004's rules for "this app asks about the user behind this token and this e-mail address": the app must
 * exist, an access token must have been issued to it (a personal access token is the user's own and is not bound
 * to an app), either must carry {@code profile}, the user must be served, the e-mail must be theirs, and the app's
 * blacklist (group 1) refuses them.
 */
@ApplicationScoped
public class AppUserAccess {

    /** The app and its user. */
    public record AppUser(App app, UserSnapshot user) {
    }

    /** Blacklist group of seed 004's 用户组对应关系. */
    public static final int BLACKLIST = 1;

    private final AppRegistry apps;
    private final UserAccess access;

    public AppUserAccess(AppRegistry apps, UserAccess access) {
        this.apps = apps;
        this.access = access;
    }

    public Uni<AppUser> lookup(long appId, String email, String token) {
        return apps.byAppId(appId).flatMap(found -> {
            if (found.isEmpty()) {
                throw new AccessDenied(Reason.UNKNOWN_APP);
            }
            App app = found.get();
            return access.caller(token).flatMap(caller -> {
                if (!caller.personalToken()) {
                    UserAccess.requireApp(caller, app.clientId());
                }
                // One scope model (issue #13 item 2): a personal access token needs profile exactly as an app's token.
                UserAccess.requireScope(caller, "profile");
                return access.user(caller);
            }).map(user -> {
                if (user.email().isEmpty() || !user.email().toLowerCase(Locale.ROOT).equals(email.trim().toLowerCase(Locale.ROOT))) {
                    throw new AccessDenied(Reason.EMAIL_MISMATCH);
                }
                if (user.groupsIn(appId).contains(BLACKLIST)) {
                    throw new AccessDenied(Reason.BLACKLISTED);
                }
                return new AppUser(app, user);
            });
        });
    }
}
