package dev.userinfo.auth.session;

import dev.userinfo.auth.user.UserChangeObserver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A new password, a disable or a delete ends every browser session of the user (README, "Password change"). */
@ApplicationScoped
public class SessionsOnUserChange implements UserChangeObserver {

    @Override
    public Uni<Void> passwordChanged(long userId) {
        return Sessions.endAllFor(userId);
    }

    @Override
    public Uni<Void> disabled(long userId) {
        return Sessions.endAllFor(userId);
    }

    @Override
    public Uni<Void> deleting(long userId) {
        return Sessions.endAllFor(userId);
    }
}
