package dev.userinfo.auth.delivery;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.token.AccessTokenIssuer;
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
 * Delivers the user-event outbox to every subscriber (docs/internal-contracts.md §3), at least once and in
 * {@code seq} order; receivers make it exactly once in effect by the user's version.
 *
 * <p>Each subscriber has a cursor row. A pod delivers to a subscriber only while it holds that row locked
 * ({@code FOR UPDATE SKIP LOCKED}), so several pods never deliver the same batch concurrently, and the cursor
 * moves only after the subscriber acknowledged. A failing subscriber is retried with doubling backoff; one that
 * was down receives everything it missed, in order, when it is back.
 */
@ApplicationScoped
public class UserEventDispatcher {

    private static final Logger LOG = Logger.getLogger(UserEventDispatcher.class);
    static final String SCOPE = "platform.user-events";
    static final String SELF = "auth-service";

    private final AuthConfig.Delivery config;
    private final Pool pool;
    private final AccessTokenIssuer tokens;
    private final WebClient client;
    private final Map<String, AccessTokenIssuer.IssuedToken> tokenBySubscriber = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokenExpiry = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public UserEventDispatcher(AuthConfig config, Pool pool, AccessTokenIssuer tokens, Vertx vertx,
                               TlsConfigurationRegistry tls) {
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
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** One round over every subscriber; a subscriber still busy from the previous round is skipped. */
    @Scheduled(every = "${auth.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverAll() {
        if (config.subscribers().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(config.subscribers().keySet())
                .onItem().transformToUniAndMerge(this::drain)
                .collect().last().replaceWithVoid();
    }

    /** Delivers batches to one subscriber until it is caught up or a delivery fails. */
    Uni<Void> drain(String subscriber) {
        if (!running.add(subscriber)) {
            return Uni.createFrom().voidItem();
        }
        return deliverBatch(subscriber)
                .chain(more -> more ? drainAgain(subscriber) : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> LOG.warnf("Delivering user events to %s failed: %s", subscriber,
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .eventually(() -> running.remove(subscriber));
    }

    private Uni<Void> drainAgain(String subscriber) {
        return deliverBatch(subscriber).chain(more -> more ? drainAgain(subscriber) : Uni.createFrom().voidItem());
    }

    /** Delivers the next batch; true when a full batch went through and more may be waiting. */
    private Uni<Boolean> deliverBatch(String subscriber) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("INSERT INTO auth.delivery_cursor (subscriber) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(subscriber))
                .chain(() -> connection.preparedQuery("""
                                SELECT delivered_seq, attempts, next_attempt_at <= now() AS due
                                FROM auth.delivery_cursor WHERE subscriber = $1 FOR UPDATE SKIP LOCKED""")
                        .execute(Tuple.of(subscriber)))
                .chain(cursor -> {
                    if (!cursor.iterator().hasNext()) {
                        return Uni.createFrom().item(false); // another pod is delivering to it
                    }
                    Row row = cursor.iterator().next();
                    if (!row.getBoolean("due")) {
                        return Uni.createFrom().item(false);
                    }
                    return deliverFrom(connection, subscriber, row.getLong("delivered_seq"), row.getInteger("attempts"));
                }));
    }

    private Uni<Boolean> deliverFrom(SqlConnection connection, String subscriber, long after, int attempts) {
        return connection.preparedQuery("""
                        SELECT seq, event_id, type, payload, occurred_at FROM auth.user_event
                        WHERE seq > $1 ORDER BY seq LIMIT $2""")
                .execute(Tuple.of(after, config.batchSize()))
                .chain(events -> {
                    if (events.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    JsonArray batch = new JsonArray();
                    long last = after;
                    for (Row event : events) {
                        last = event.getLong("seq");
                        batch.add(event(event.getUUID("event_id"), last, event.getString("type"),
                                event.getOffsetDateTime("occurred_at").toInstant(), event.getJsonObject("payload")));
                    }
                    long delivered = last;
                    int count = events.size();
                    return post(subscriber, new JsonObject().put("events", batch))
                            .chain(problem -> problem == null
                                    ? acknowledged(connection, subscriber, delivered).replaceWith(count == config.batchSize())
                                    : failed(connection, subscriber, attempts, problem).replaceWith(false));
                });
    }

    /** One event of the batch body (docs/internal-contracts.md §3; docs/contracts/user-event-batch.json). */
    static JsonObject event(UUID eventId, long seq, String type, Instant occurredAt, JsonObject user) {
        return new JsonObject().put("event_id", eventId.toString()).put("seq", seq).put("type", type)
                .put("occurred_at", occurredAt.toString()).put("user", user);
    }

    /** POSTs a batch; null on acknowledgement, else a short description of the failure (no body, no secret). */
    private Uni<String> post(String subscriber, JsonObject body) {
        AuthConfig.Delivery.Subscriber target = config.subscribers().get(subscriber);
        return client.postAbs(target.url().toString())
                .timeout(config.timeout().toMillis())
                .bearerTokenAuthentication(token(subscriber))
                .putHeader("Content-Type", "application/json")
                .sendJsonObject(body)
                .map(UserEventDispatcher::problem)
                .onFailure().recoverWithItem(failure -> failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private static String problem(HttpResponse<?> response) {
        int status = response.statusCode();
        return status >= 200 && status < 300 ? null : "HTTP " + status;
    }

    private Uni<Void> acknowledged(SqlConnection connection, String subscriber, long seq) {
        LOG.debugf("User events up to seq %d delivered to %s", seq, subscriber);
        return connection.preparedQuery("""
                        UPDATE auth.delivery_cursor SET delivered_seq = $2, attempts = 0, next_attempt_at = now(),
                               last_error = NULL, updated_at = now() WHERE subscriber = $1""")
                .execute(Tuple.of(subscriber, seq)).replaceWithVoid();
    }

    private Uni<Void> failed(SqlConnection connection, String subscriber, int attempts, String problem) {
        Duration backoff = backoff(attempts + 1, config.pollInterval(), config.maxBackoff());
        LOG.warnf("Delivery of user events to %s failed (attempt %d, next in %d ms): %s", subscriber, attempts + 1,
                backoff.toMillis(), problem);
        return connection.preparedQuery("""
                        UPDATE auth.delivery_cursor SET attempts = $2, next_attempt_at = now() + $3 * interval '1 millisecond',
                               last_error = $4, updated_at = now() WHERE subscriber = $1""")
                .execute(Tuple.of(subscriber, attempts + 1, backoff.toMillis(), truncate(problem)))
                .replaceWithVoid();
    }

    /** Doubling from the poll interval, capped. */
    static Duration backoff(int attempts, Duration base, Duration max) {
        long millis = base.toMillis() << Math.min(attempts - 1, 20);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** A delivery token for one subscriber, reused until half its lifetime has passed. */
    private String token(String subscriber) {
        Instant now = Instant.now();
        Instant expiry = tokenExpiry.get(subscriber);
        AccessTokenIssuer.IssuedToken token = tokenBySubscriber.get(subscriber);
        if (token == null || expiry == null || now.isAfter(expiry)) {
            token = tokens.issue(SELF, SELF, List.of(SCOPE), Map.of("gty", "client-credentials"));
            tokenBySubscriber.put(subscriber, token);
            tokenExpiry.put(subscriber, now.plusSeconds(token.expiresIn() / 2));
        }
        return token.value();
    }

    /** Cursor state of every subscriber, for the admin API and readiness. */
    public Uni<List<SubscriberState>> states() {
        return pool.query("""
                        SELECT c.subscriber, c.delivered_seq, c.attempts, c.last_error, c.updated_at,
                               (SELECT coalesce(max(seq), 0) FROM auth.user_event) AS latest
                        FROM auth.delivery_cursor c ORDER BY c.subscriber""")
                .execute().map(UserEventDispatcher::states);
    }

    private static List<SubscriberState> states(RowSet<Row> rows) {
        List<SubscriberState> states = new ArrayList<>();
        for (Row row : rows) {
            OffsetDateTime updated = row.getOffsetDateTime("updated_at");
            states.add(new SubscriberState(row.getString("subscriber"), row.getLong("delivered_seq"),
                    row.getLong("latest"), row.getInteger("attempts"), row.getString("last_error"),
                    updated == null ? null : updated.toInstant()));
        }
        return states;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300);
    }

    /** Where delivery to one subscriber stands. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record SubscriberState(String subscriber,
                                  @com.fasterxml.jackson.annotation.JsonProperty("delivered_seq") long deliveredSeq,
                                  @com.fasterxml.jackson.annotation.JsonProperty("latest_seq") long latestSeq,
                                  int attempts,
                                  @com.fasterxml.jackson.annotation.JsonProperty("last_error") String lastError,
                                  @com.fasterxml.jackson.annotation.JsonProperty("updated_at") Instant updatedAt) {
    }
}
