package dev.userinfo.auth.user;

import io.smallrye.mutiny.Uni;

/**
 * What another capability does when a user changes, inside the change's own transaction (sessions end, grants are
 * revoked, the outbox records the event), so the user directory imports none of them. A CDI observer cannot return
 * a {@link Uni} that joins the reactive transaction, so {@link UserDirectory} calls every bean of this type in turn.
 */
public interface UserChangeObserver {

    /** The password changed: whoever knew the old one must not keep what it bought (issue #13 item 6). */
    default Uni<Void> passwordChanged(long userId) {
        return Uni.createFrom().voidItem();
    }

    /** The user was disabled: everything it holds is revoked, its sessions end. */
    default Uni<Void> disabled(long userId) {
        return Uni.createFrom().voidItem();
    }

    /**
     * The user's platform role was set, changed or removed (issue #18): every token the user holds is revoked, so no
     * console token or personal token keeps admin scopes the new role does not allow.
     */
    default Uni<Void> platformRoleChanged(long userId) {
        return Uni.createFrom().voidItem();
    }

    /** The user is about to be deleted, its row still there: the revocation feed must name it before the rows go. */
    default Uni<Void> deleting(long userId) {
        return Uni.createFrom().voidItem();
    }

    /** The row was written; {@code type} is its event (user.created, user.updated, user.disabled, user.enabled). */
    default Uni<Void> written(String type, User user) {
        return Uni.createFrom().voidItem();
    }

    /**
     * Users were imported (issue #19): their rows were written in {@code tx}, a reactive client transaction, by one
     * statement; each is as new as after {@link #written} with {@code user.created}. Join {@code tx} with bulk SQL.
     */
    default Uni<Void> imported(io.vertx.mutiny.sqlclient.SqlClient tx, java.util.List<User> users) {
        return Uni.createFrom().voidItem();
    }

    /** The row is gone; {@code version} is the version of the user.deleted event. */
    default Uni<Void> deleted(long userId, long version) {
        return Uni.createFrom().voidItem();
    }
}
