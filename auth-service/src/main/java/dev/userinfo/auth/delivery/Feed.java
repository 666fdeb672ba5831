package dev.userinfo.auth.delivery;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.contracts.appevent.AppEvent;
import dev.userinfo.contracts.userevent.UserEvent;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * One outbox and what differs in delivering it (docs/internal-contracts.md §3 users, §5 apps); everything else —
 * ordering, batches, cursors, backoff — is the same and lives once in {@link EventDispatcher} and {@link Outbox}.
 */
public enum Feed {

    /** §3, to every subscriber at its {@code url}. */
    USER_EVENTS("user-events", "user_event", "user_id", "user", UserEvent.SCOPE, 0x5553455245564e54L,
            subscriber -> Optional.of(subscriber.url())),
    /** §5, to the subscribers that set an {@code app-events-url}. */
    APP_EVENTS("app-events", "app_event", "appid", "app", AppEvent.SCOPE, 0x4150504556454e54L,
            AuthConfig.Delivery.Subscriber::appEventsUrl);

    /** The feed's name in {@code delivery_cursor.feed} and in {@code /admin/deliveries}. */
    final String id;
    /** The outbox table (schema auth). */
    final String table;
    /** The outbox column of the changed thing's id. */
    final String subjectColumn;
    /** The event member that carries the snapshot. */
    final String snapshotField;
    /** The only scope that may deliver this feed (not registrable by any app). */
    final String scope;
    /** pg_advisory_xact_lock key: this outbox's inserts commit in seq order, so a cursor never skips a late commit. */
    final long lockKey;
    private final Function<AuthConfig.Delivery.Subscriber, Optional<URI>> url;

    Feed(String id, String table, String subjectColumn, String snapshotField, String scope, long lockKey,
         Function<AuthConfig.Delivery.Subscriber, Optional<URI>> url) {
        this.id = id;
        this.table = table;
        this.subjectColumn = subjectColumn;
        this.snapshotField = snapshotField;
        this.scope = scope;
        this.lockKey = lockKey;
        this.url = url;
    }

    /** Where this subscriber receives the feed; empty when it does not. */
    Optional<URI> url(AuthConfig.Delivery.Subscriber subscriber) {
        return url.apply(subscriber);
    }
}
