package dev.userinfo.jwt;

import dev.userinfo.contracts.tls.RenewedTrust;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * auth-service's public keys, fetched over HTTPS and cached.
 *
 * <p>An unknown {@code kid} triggers a refetch (a rotation published a new key), at most once per
 * {@link JwtVerificationConfig#jwksMinRefetchInterval()}; concurrent misses share one fetch. A background
 * refresh drops retired keys. When auth-service is unreachable the last fetched set stays in use.
 */
@ApplicationScoped
public class JwksCache {

    private static final Logger LOG = Logger.getLogger(JwksCache.class);

    private final JwtVerificationConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final WebClient client;

    private volatile Map<String, PublicJsonWebKey> keys = Map.of();
    private volatile Instant lastFetchAttempt = Instant.EPOCH;
    private volatile Instant lastSuccessfulFetch;
    private volatile Uni<Void> inFlight;
    private long timerId = -1;
    private final List<Runnable> keyWithdrawnListeners = new CopyOnWriteArrayList<>();

    @Inject
    public JwksCache(JwtVerificationConfig config, Vertx vertx, TlsConfigurationRegistry tlsRegistry, RenewedTrust renewedTrust) {
        this(config, vertx, Clock.systemUTC(), authServiceClientOptions(config, tlsRegistry, config.jwksUrl()));
        renewedTrust.follow(config.tlsConfigurationName(), renewed -> client.getDelegate().updateSSLOptions(renewed, true));
    }

    /** For use outside CDI (tests, tools). */
    public JwksCache(JwtVerificationConfig config, Vertx vertx, Clock clock, WebClientOptions options) {
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.client = WebClient.create(vertx, options);
    }

    /**
     * Options of every client that calls auth-service: no redirects, its trust store when {@code url} is HTTPS.
     * Public so a service's own calls to auth-service (e.g. userinfo-service's prompts) trust it as the JWKS fetch does.
     */
    public static WebClientOptions authServiceClientOptions(JwtVerificationConfig config, TlsConfigurationRegistry registry,
                                                     java.net.URI url) {
        WebClientOptions options = new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) config.jwksFetchTimeout().toMillis())
                .setUserAgent("jwt-verification");
        if ("https".equalsIgnoreCase(url.getScheme())) {
            options.setSsl(true).setVerifyHost(true);
            Optional<TlsConfiguration> tls = config.tlsConfigurationName().flatMap(registry::get);
            tls.map(TlsConfiguration::getTrustStoreOptions).ifPresent(options::setTrustOptions);
        }
        return options;
    }

    void onStart(@Observes StartupEvent event) {
        // Warm the cache without delaying start-up; readiness reports whether it worked.
        refresh().subscribe().with(ignored -> { }, failure -> { });
        long period = Math.max(1000, config.jwksRefreshInterval().toMillis());
        timerId = vertx.getDelegate().setPeriodic(period, id -> refresh().subscribe().with(ignored -> { }, failure -> { }));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.getDelegate().cancelTimer(timerId);
        }
        client.close();
    }

    /** Called whenever a refresh finds that a previously published key is gone. */
    public void onKeyWithdrawn(Runnable listener) {
        keyWithdrawnListeners.add(listener);
    }

    /**
     * The key with this {@code kid}. An unknown kid (a rotation published a new key) triggers a refetch; when
     * the last fetch is more recent than the minimum interval, the request waits for the next allowed fetch
     * instead of failing, so a rotation never refuses good tokens and forged kids still cause one fetch per
     * interval at most.
     */
    public Uni<PublicJsonWebKey> key(String kid) {
        PublicJsonWebKey known = keys.get(kid);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        Duration interval = config.jwksMinRefetchInterval();
        long waitMillis = Duration.between(clock.instant(), lastFetchAttempt.plus(interval)).toMillis();
        Uni<Void> fetch = waitMillis <= 0 || inFlight != null
                ? refreshIfOlderThan(interval)
                // +10 ms: the millisecond rounding must not wake us just before the interval has passed.
                : after(waitMillis + 10).chain(() -> refreshIfOlderThan(interval));
        return fetch.onFailure().recoverWithNull().map(ignored -> keys.get(kid))
                .onItem().ifNull().failWith(this::unknownKey);
    }

    private Uni<Void> after(long millis) {
        // A Vert.x timer resumes on the caller's event loop, as the rest of the request expects.
        return Uni.createFrom().emitter(emitter -> vertx.getDelegate().setTimer(millis, id -> emitter.complete(null)));
    }

    /** True once a JWKS has been fetched: the service can verify tokens. */
    public boolean ready() {
        return lastSuccessfulFetch != null;
    }

    public Optional<Instant> lastSuccessfulFetch() {
        return Optional.ofNullable(lastSuccessfulFetch);
    }

    public int size() {
        return keys.size();
    }

    /** Fetches the JWKS unless a fetch started less than {@code interval} ago; for retries while not ready. */
    public Uni<Void> refreshIfOlderThan(Duration interval) {
        if (inFlight == null && lastFetchAttempt.plus(interval).isAfter(clock.instant())) {
            return Uni.createFrom().voidItem();
        }
        return refresh();
    }

    /** Fetches the JWKS now; concurrent callers share one request. */
    public synchronized Uni<Void> refresh() {
        Uni<Void> current = inFlight;
        if (current != null) {
            return current;
        }
        lastFetchAttempt = clock.instant();
        Uni<Void> fetch = client.getAbs(config.jwksUrl().toString())
                .putHeader("Accept", "application/jwk-set+json, application/json")
                .timeout(config.jwksFetchTimeout().toMillis())
                .send()
                .onItem().transform(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("JWKS endpoint answered HTTP " + response.statusCode());
                    }
                    install(response.bodyAsString());
                    return (Void) null;
                })
                .onFailure().invoke(failure -> LOG.warnf("Fetching the JWKS from %s failed: %s", config.jwksUrl(),
                        failure.getMessage()))
                .onTermination().invoke(() -> {
                    synchronized (this) {
                        inFlight = null;
                    }
                })
                .memoize().indefinitely();
        inFlight = fetch;
        return fetch;
    }

    void install(String json) {
        try {
            JsonWebKeySet set = new JsonWebKeySet(json);
            Map<String, PublicJsonWebKey> next = new HashMap<>();
            List<JsonWebKey> all = set.getJsonWebKeys();
            for (JsonWebKey jwk : all) {
                // Only signature keys with a kid and a public part; RFC 7517 §4.2 "use".
                if (jwk.getKeyId() == null || !(jwk instanceof PublicJsonWebKey pub)) {
                    continue;
                }
                if (jwk.getUse() != null && !"sig".equals(jwk.getUse())) {
                    continue;
                }
                next.put(jwk.getKeyId(), pub);
            }
            if (next.isEmpty()) {
                throw new IllegalStateException("JWKS holds no usable signing key");
            }
            boolean withdrawn = !next.keySet().containsAll(keys.keySet());
            keys = Map.copyOf(next);
            if (withdrawn) {
                keyWithdrawnListeners.forEach(Runnable::run);
            }
            lastSuccessfulFetch = clock.instant();
            LOG.debugf("JWKS refreshed: %d keys", next.size());
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException("JWKS is not a valid JSON Web Key Set", e);
        }
    }

    private InvalidTokenException unknownKey() {
        return new InvalidTokenException(InvalidTokenException.Reason.UNKNOWN_KEY, "token signed with an unknown key");
    }
}
