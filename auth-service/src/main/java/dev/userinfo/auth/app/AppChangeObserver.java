package dev.userinfo.auth.app;

import io.smallrye.mutiny.Uni;

/**
 * What another capability does when an app changes, inside the change's own transaction (the outbox records the
 * event, docs/internal-contracts.md §5), so the registry imports none of them; like the users' UserChangeObserver.
 */
public interface AppChangeObserver {

    /** The row was written; {@code type} is its event (app.created, app.updated, app.disabled, app.enabled). */
    Uni<Void> written(String type, App app);

    /** The row is gone; {@code version} is the version of the app.deleted event. */
    Uni<Void> deleted(long appid, long version);
}
