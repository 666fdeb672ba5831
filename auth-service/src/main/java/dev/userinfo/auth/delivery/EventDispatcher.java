package dev.userinfo.auth.delivery;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.token.AccessTokenIssuer;
import dev.userinfo.contracts.tls.RenewedTrust;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Delivers each outbox {@link Feed} (docs/internal-contracts.md §3 users, §5 apps) to every subscriber that takes it,
 * at least once and in {@code seq} order; receivers make it exactly once in effect by the user's or app's version.
 *
 * <p>Each (subscriber, feed) has a cursor row. A pod delivers to it only while it holds that row locked
 * ({@code FOR UPDATE SKIP LOCKED}), so several pods never deliver the same batch concurrently, and the cursor
 * moves only after the subscriber acknowledged. A failing subscriber is retried with doubling backoff; one that
 * was down receives everything it missed, in order, when it is back.
 */
@ApplicationScoped
public class EventDispatcher {

    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);
    static final String SELF = "auth-service";

    private final AuthConfig.Delivery config;
    private final Pool pool;
    private final AccessTokenIssuer tokens;
    private final WebClient client;
    private final Map<Feed, AccessTokenIssuer.IssuedToken> tokenByFeed = new ConcurrentHashMap<>();
    private final Map<Feed, Instant> tokenExpiry = new ConcurrentHashMap<>();
    private final Set<Target> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** One subscriber's delivery of one feed: its own cursor, backoff and URL. */
    record Target(String subscriber, Feed feed, URI url) {
    }

    public EventDispatcher(AuthConfig config, Pool pool, AccessTokenIssuer tokens, Vertx vertx,
                               TlsConfigurationRegistry tls, RenewedTrust renewedTrust) {
        this.config = config.delivery();
        this.pool = pool;
        this.tokens = tokens;
        WebClientOptions options = new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) this.config.timeout().toMillis())
                .setIdleTimeout((int) this.config.timeout().toSeconds())
                .setVerifyHost(true);
        this.config.tlsConfigurationName().flatMap(tls::get).map(TlsConfiguration::getTrustStoreOptions)
                .ifPresent(options::setTrustOptions);
        this.client = WebClient.create(vertx, options);
        renewedTrust.follow(this.config.tlsConfigurationName(), renewed -> client.getDelegate().updateSSLOptions(renewed, true));
    }

    /**
     * SIGTERM: no new batch starts; a batch being posted finishes during the shutdown delay. One cut off anyway (its
     * transaction never commits) leaves the cursor where it was, so another pod delivers it again and the receivers
     * ignore what they already applied (by version; docs/internal-contracts.md §3). Issue #16, 6.
     */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Every (subscriber, feed) to deliver: the user feed to each subscriber, the app feed where it has a URL. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        config.subscribers().forEach((name, subscriber) -> {
            for (Feed feed : Feed.values()) {
                feed.url(subscriber).ifPresent(url -> targets.add(new Target(name, feed, url)));
            }
        });
        return targets;
    }

    /** One round over every target; one still busy from the previous round is skipped. */
    @Scheduled(every = "${auth.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverAll() {
        List<Target> targets = targets();
        if (targets.isEmpty() || stopping) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(targets)
                .onItem().transformToUniAndMerge(this::drain)
                .collect().last().replaceWithVoid();
    }

    /** Delivers batches of one feed to one subscriber until it is caught up or a delivery fails. */
    Uni<Void> drain(Target target) {
        if (!running.add(target)) {
            return Uni.createFrom().voidItem();
        }
        return deliverBatch(target)
                .chain(more -> more ? drainAgain(target) : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> LOG.warnf("Delivering %s to %s failed: %s", target.feed().id,
                        target.subscriber(), failure.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(() -> running.remove(target));
    }

    private Uni<Void> drainAgain(Target target) {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return deliverBatch(target).chain(more -> more ? drainAgain(target) : Uni.createFrom().voidItem());
    }

    /** Delivers the next batch; true when a full batch went through and more may be waiting. */
    private Uni<Boolean> deliverBatch(Target target) {
        Tuple key = Tuple.of(target.subscriber(), target.feed().id);
        return pool.withTransaction(connection -> connection
                .preparedQuery("INSERT INTO auth.delivery_cursor (subscriber, feed) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(key)
                .chain(() -> connection.preparedQuery("""
                                SELECT delivered_seq, attempts, next_attempt_at <= now() AS due
                                FROM auth.delivery_cursor WHERE subscriber = $1 AND feed = $2 FOR UPDATE SKIP LOCKED""")
                        .execute(key))
                .chain(cursor -> {
                    if (!cursor.iterator().hasNext()) {
                        return Uni.createFrom().item(false); // another pod is delivering to it
                    }
                    Row row = cursor.iterator().next();
                    if (!row.getBoolean("due")) {
                        return Uni.createFrom().item(false);
                    }
                    return deliverFrom(connection, target, row.getLong("delivered_seq"), row.getInteger("attempts"));
                }));
    }

    private Uni<Boolean> deliverFrom(SqlConnection connection, Target target, long after, int attempts) {
        Feed feed = target.feed();
        return connection.preparedQuery("SELECT seq, event_id, type, payload, occurred_at FROM auth." + feed.table
                        + " WHERE seq > $1 ORDER BY seq LIMIT $2")
                .execute(Tuple.of(after, batchSize()))
                .chain(events -> {
                    if (events.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    JsonArray batch = new JsonArray();
                    long last = after;
                    for (Row event : events) {
                        last = event.getLong("seq");
                        batch.add(event(feed, event.getUUID("event_id"), last, event.getString("type"),
                                event.getOffsetDateTime("occurred_at").toInstant(), event.getJsonObject("payload")));
                    }
                    long delivered = last;
                    int count = events.size();
                    return post(target, new JsonObject().put("events", batch))
                            .chain(problem -> problem == null
                                    ? acknowledged(connection, target, delivered).replaceWith(count == batchSize())
                                    : failed(connection, target, attempts, problem).replaceWith(false));
                });
    }

    /** One event of the batch body (docs/internal-contracts.md §3, §5; docs/contracts/*-event-batch.json). */
    static JsonObject event(Feed feed, UUID eventId, long seq, String type, Instant occurredAt, JsonObject snapshot) {
        return new JsonObject().put("event_id", eventId.toString()).put("seq", seq).put("type", type)
                .put("occurred_at", occurredAt.toString()).put(feed.snapshotField, snapshot);
    }

    /** POSTs a batch; null on acknowledgement, else a short description of the failure (no body, no secret). */
    private Uni<String> post(Target target, JsonObject body) {
        return client.postAbs(target.url().toString())
                .timeout(config.timeout().toMillis())
                .bearerTokenAuthentication(token(target.feed()))
                .putHeader("Content-Type", "application/json")
                .sendJsonObject(body)
                .map(EventDispatcher::problem)
                .onFailure().recoverWithItem(failure -> failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private static String problem(HttpResponse<?> response) {
        int status = response.statusCode();
        return status >= 200 && status < 300 ? null : "HTTP " + status;
    }

    private Uni<Void> acknowledged(SqlConnection connection, Target target, long seq) {
        LOG.debugf("%s up to seq %d delivered to %s", target.feed().id, seq, target.subscriber());
        return connection.preparedQuery("""
                        UPDATE auth.delivery_cursor SET delivered_seq = $3, attempts = 0, next_attempt_at = now(),
                               last_error = NULL, updated_at = now() WHERE subscriber = $1 AND feed = $2""")
                .execute(Tuple.of(target.subscriber(), target.feed().id, seq)).replaceWithVoid();
    }

    private Uni<Void> failed(SqlConnection connection, Target target, int attempts, String problem) {
        Duration backoff = backoff(attempts + 1, config.pollInterval(), config.maxBackoff());
        LOG.warnf("Delivery of %s to %s failed (attempt %d, next in %d ms): %s", target.feed().id, target.subscriber(),
                attempts + 1, backoff.toMillis(), problem);
        return connection.preparedQuery("""
                        UPDATE auth.delivery_cursor SET attempts = $3, next_attempt_at = now() + $4 * interval '1 millisecond',
                               last_error = $5, updated_at = now() WHERE subscriber = $1 AND feed = $2""")
                .execute(Tuple.from(List.of(target.subscriber(), target.feed().id, attempts + 1, backoff.toMillis(),
                        truncate(problem))))
                .replaceWithVoid();
    }

    /** The configured batch size within the contract's 1 to 1000 events (docs/internal-contracts.md §3). */
    private int batchSize() {
        return Math.max(1, Math.min(config.batchSize(), dev.userinfo.contracts.event.EventBatchRules.MAX_EVENTS));
    }

    /** Doubling from the poll interval, capped. */
    static Duration backoff(int attempts, Duration base, Duration max) {
        long millis = base.toMillis() << Math.min(attempts - 1, 20);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** A delivery token for one feed, carrying only that feed's scope, reused until half its lifetime has passed. */
    private String token(Feed feed) {
        Instant now = Instant.now();
        Instant expiry = tokenExpiry.get(feed);
        AccessTokenIssuer.IssuedToken token = tokenByFeed.get(feed);
        if (token == null || expiry == null || now.isAfter(expiry)) {
            token = tokens.issue(SELF, SELF, List.of(feed.scope), Map.of("gty", "client-credentials"));
            tokenByFeed.put(feed, token);
            tokenExpiry.put(feed, now.plusSeconds(token.expiresIn() / 2));
        }
        return token.value();
    }

    /** Cursor state of every (subscriber, feed), for the admin API and readiness. */
    public Uni<List<SubscriberState>> states() {
        StringBuilder latest = new StringBuilder("CASE c.feed");
        for (Feed feed : Feed.values()) {
            latest.append(" WHEN '").append(feed.id).append("' THEN (SELECT coalesce(max(seq), 0) FROM auth.")
                    .append(feed.table).append(')');
        }
        return pool.query("SELECT c.subscriber, c.feed, c.delivered_seq, c.attempts, c.last_error, c.updated_at, "
                        + latest + " END AS latest FROM auth.delivery_cursor c ORDER BY c.subscriber, c.feed")
                .execute().map(EventDispatcher::states);
    }

    private static List<SubscriberState> states(RowSet<Row> rows) {
        List<SubscriberState> states = new ArrayList<>();
        for (Row row : rows) {
            OffsetDateTime updated = row.getOffsetDateTime("updated_at");
            states.add(new SubscriberState(row.getString("subscriber"), row.getString("feed"), row.getLong("delivered_seq"),
                    row.getLong("latest"), row.getInteger("attempts"), row.getString("last_error"),
                    updated == null ? null : updated.toInstant()));
        }
        return states;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300);
    }

    /** Where delivery of one feed to one subscriber stands. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record SubscriberState(String subscriber, String feed,
                                  @com.fasterxml.jackson.annotation.JsonProperty("delivered_seq") long deliveredSeq,
                                  @com.fasterxml.jackson.annotation.JsonProperty("latest_seq") long latestSeq,
                                  int attempts,
                                  @com.fasterxml.jackson.annotation.JsonProperty("last_error") String lastError,
                                  @com.fasterxml.jackson.annotation.JsonProperty("updated_at") Instant updatedAt) {
    }
}
