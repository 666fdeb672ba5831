package dev.userinfo.auth.delivery;

import dev.userinfo.auth.user.User;
import dev.userinfo.auth.user.UserChangeObserver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Every user change becomes its outbox event in the change's transaction (docs/internal-contracts.md §3). */
@ApplicationScoped
public class OutboxOnUserChange implements UserChangeObserver {

    private final UserEventOutbox outbox;

    public OutboxOnUserChange(UserEventOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> written(String type, User user) {
        return outbox.append(type, user);
    }

    @Override
    public Uni<Void> imported(io.vertx.mutiny.sqlclient.SqlClient tx, java.util.List<User> users) {
        return outbox.appendCreated(tx, users);
    }

    @Override
    public Uni<Void> deleted(long userId, long version) {
        return outbox.appendDeleted(userId, version);
    }
}
