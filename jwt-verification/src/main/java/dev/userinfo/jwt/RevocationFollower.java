package dev.userinfo.jwt;

import dev.userinfo.contracts.tls.RenewedTrust;
import dev.userinfo.contracts.metrics.CacheStatistics;
import dev.userinfo.contracts.metrics.PlatformMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Follows auth-service's revocation feed ({@code GET /internal/revocations}, docs/internal-contracts.md §2) into
 * {@link RevocationList}: first every unexpired rule (pages until {@code more} is false), then one long poll after
 * another, so a revocation reaches this pod within auth-service's feed poll interval plus one round trip. When
 * auth-service is down the rules already learnt stay in force and the follower retries every
 * {@code retry-interval}. One loop per pod, on the event loop; nothing blocks.
 */
@ApplicationScoped
public class RevocationFollower {

    private static final Logger LOG = Logger.getLogger(RevocationFollower.class);
    /** auth-service refuses a wait above 30 s; the client gives the answer this much longer to arrive. */
    private static final long RESPONSE_GRACE_MILLIS = 10_000;
    private static final long PRUNE_EVERY_MILLIS = 60_000;

    private final JwtVerificationConfig config;
    private final Vertx vertx;
    private final TlsConfigurationRegistry tlsRegistry;
    private final RenewedTrust renewedTrust;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final RevocationList list = new RevocationList();

    private WebClient client;
    private String authorization;
    private volatile long cursor;
    private volatile boolean loaded;
    private volatile boolean stopped;
    private volatile Instant lastAnswer;
    private volatile Instant started;
    private volatile String lastProblem;
    private long pruneTimer = -1;
    private boolean aboveExpected;

    public RevocationFollower(JwtVerificationConfig config, Vertx vertx, TlsConfigurationRegistry tlsRegistry,
                              RenewedTrust renewedTrust, MeterRegistry meters) {
        this.config = config;
        this.vertx = vertx;
        this.tlsRegistry = tlsRegistry;
        this.renewedTrust = renewedTrust;
        this.meters = meters;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled()) {
            return;
        }
        Optional<String> clientId = config.clientId();
        Optional<String> secret = config.clientSecret();
        if (clientId.isEmpty() || secret.isEmpty()) {
            // Fail the start rather than run without revocation: an operator asked for it and would not notice.
            throw new IllegalStateException("platform.jwt.revocation.enabled needs platform.jwt.client-id and platform.jwt.client-secret");
        }
        authorization = basic(clientId.get(), secret.get());
        client = WebClient.create(vertx, JwksCache.authServiceClientOptions(config, tlsRegistry, config.revocation().feedUrl()));
        renewedTrust.follow(config.tlsConfigurationName(), renewed -> client.getDelegate().updateSSLOptions(renewed, true));
        pruneTimer = vertx.getDelegate().setPeriodic(PRUNE_EVERY_MILLIS, id -> list.prune(clock.instant()));
        started = clock.instant();
        Gauge.builder(PlatformMeters.REVOCATION_FEED_LAG, this, RevocationFollower::secondsSinceAnswer).baseUnit(PlatformMeters.SECONDS)
                .description("0 while the revocation feed answers; else seconds since its last answer")
                .register(meters);
        poll();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (pruneTimer >= 0) {
            vertx.getDelegate().cancelTimer(pruneTimer);
        }
        if (client != null) {
            client.close();
        }
    }

    public boolean enabled() {
        return config.revocation().enabled();
    }

    /** Whether a rule learnt from the feed refuses this caller. */
    public boolean revoked(VerifiedCaller caller) {
        return enabled() && list.revoked(caller);
    }

    /** True once every rule that existed at start-up has been read: only then may tokens be honoured. */
    public boolean loaded() {
        return loaded;
    }

    public long cursor() {
        return cursor;
    }

    public int rules() {
        return list.size();
    }

    /** Rules pruned after expiry, for the meters (cache {@code revocation-rules}). */
    CacheStatistics ruleStatistics() {
        return list.statistics();
    }

    public Optional<Instant> lastAnswer() {
        return Optional.ofNullable(lastAnswer);
    }

    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    /**
     * 0 while the feed answers (a long poll in flight after an answer is healthy); else seconds since its last answer,
     * or since start when there was none: grows while auth-service cannot be reached or refuses this service.
     */
    double secondsSinceAnswer() {
        if (lastAnswer != null && lastProblem == null) {
            return 0;
        }
        Instant since = lastAnswer != null ? lastAnswer : started;
        return since == null ? 0 : Math.max(0, clock.millis() - since.toEpochMilli()) / 1000.0;
    }

    private void poll() {
        if (stopped) {
            return;
        }
        // After a failure the first poll does not wait: recovery shows at once (and in platform_revocation_feed_lag_seconds).
        long waitSeconds = loaded && lastProblem == null ? config.revocation().longPoll().toSeconds() : 0;
        String url = config.revocation().feedUrl() + "?after=" + cursor + "&wait=" + waitSeconds;
        client.getAbs(url)
                .putHeader("Authorization", authorization)
                .putHeader("Accept", "application/json")
                .timeout(waitSeconds * 1000 + RESPONSE_GRACE_MILLIS)
                .send()
                .subscribe().with(this::answered, failure -> retry("feed unreachable: " + failure.getMessage()));
    }

    private void answered(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            // The body is an OAuth error object; its status says enough (401: this service's credentials are wrong).
            retry("feed answered HTTP " + response.statusCode());
            return;
        }
        try {
            JsonObject page = response.bodyAsJsonObject();
            JsonArray rules = page.getJsonArray("revocations", new JsonArray());
            for (int i = 0; i < rules.size(); i++) {
                JsonObject rule = rules.getJsonObject(i);
                list.add(rule.getString("kind"), rule.getString("jti"), rule.getString("gid"), rule.getString("sub"),
                        rule.getString("client_id"), instant(rule.getString("issued_before")), instant(rule.getString("expires_at")));
            }
            cursor = Math.max(cursor, page.getLong("last_seq", cursor));
            warnIfAboveExpected();
            LOG.debugf("Revocation feed: %d new rules, cursor %d", rules.size(), cursor);
            lastAnswer = clock.instant();
            lastProblem = null;
            if (!loaded && !page.getBoolean("more", false)) {
                loaded = true;
                LOG.infof("Revocation feed loaded: %d rules, cursor %d", list.size(), cursor);
            }
        } catch (RuntimeException e) {
            retry("feed answer unreadable: " + e.getClass().getSimpleName());
            return;
        }
        vertx.getDelegate().runOnContext(ignored -> poll());
    }

    /** Rules cannot be evicted (issue #19), so crossing the expected maximum is told once, for the memory limit. */
    private void warnIfAboveExpected() {
        boolean above = list.size() > config.revocation().expectedMaxEntries();
        if (above && !aboveExpected) {
            LOG.warnf("Revocation rules held: %d, above platform.jwt.revocation.expected-max-entries (%d); "
                    + "each takes about 150 bytes of heap and none is dropped before its tokens expire",
                    list.size(), config.revocation().expectedMaxEntries());
        }
        aboveExpected = above;
    }

    private void retry(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warnf("Revocation feed %s (%s); rules already learnt stay in force, retrying every %s",
                    config.revocation().feedUrl(), problem, config.revocation().retryInterval());
        }
        lastProblem = problem;
        if (!stopped) {
            vertx.getDelegate().setTimer(Math.max(10, config.revocation().retryInterval().toMillis()), id -> poll());
        }
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** client_secret_basic: each part form-urlencoded first (RFC 6749 §2.3.1); public for a service's own calls. */
    public static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
