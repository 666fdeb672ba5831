package dev.userinfo.auth.revocation;

import dev.userinfo.auth.user.UserChangeObserver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A user's change revokes what it must, and the feed tells the resource services: a new password ends every refresh
 * family (consents and personal tokens stay); a disable, a delete or a change of platform role (issue #18) revokes
 * everything the user holds.
 */
@ApplicationScoped
public class RevocationsOnUserChange implements UserChangeObserver {

    private final Revocations revocations;

    public RevocationsOnUserChange(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<Void> passwordChanged(long userId) {
        return revocations.revokeUserGrants(userId, "password changed");
    }

    @Override
    public Uni<Void> disabled(long userId) {
        return revocations.revokeUser(userId, "user disabled");
    }

    @Override
    public Uni<Void> platformRoleChanged(long userId) {
        return revocations.revokeUser(userId, "platform role changed");
    }

    @Override
    public Uni<Void> deleting(long userId) {
        return revocations.revokeUser(userId, "user deleted");
    }
}
