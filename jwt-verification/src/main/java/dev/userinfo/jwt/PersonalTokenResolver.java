package dev.userinfo.jwt;

import dev.userinfo.contracts.tls.RenewedTrust;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.userinfo.contracts.clients.WellKnownClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Personal access tokens ({@code pat_…}: seed 003's 系统访问令牌, seed 004's user_token) are opaque, so they are
 * resolved by auth-service's introspection (RFC 7662) with this service's own credentials and presented as a
 * user token of client {@code personal-access-token} (docs/internal-contracts.md §1). Answers are cached by the
 * token's SHA-256 (never the token itself) for {@code cache-time} at most and never past the token's expiry; a
 * revocation still takes effect at once through the revocation feed.
 */
@ApplicationScoped
public class PersonalTokenResolver {

    /** The prefix auth-service gives personal access tokens. */
    public static final String PREFIX = "pat_";

    private static final Logger LOG = Logger.getLogger(PersonalTokenResolver.class);

    /** An introspection answer; {@code caller} null for an inactive token. */
    private record Answer(VerifiedCaller caller, Instant until) {
    }

    private final JwtVerificationConfig config;
    private final Vertx vertx;
    private final TlsConfigurationRegistry tlsRegistry;
    private final RenewedTrust renewedTrust;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Answer> answers;
    private volatile WebClient client;

    public PersonalTokenResolver(JwtVerificationConfig config, Vertx vertx, TlsConfigurationRegistry tlsRegistry,
                                 RenewedTrust renewedTrust) {
        this.config = config;
        this.vertx = vertx;
        this.tlsRegistry = tlsRegistry;
        this.renewedTrust = renewedTrust;
        this.answers = Caffeine.newBuilder()
                .maximumSize(Math.max(1, config.personalTokens().cacheSize()))
                .recordStats()
                .expireAfter(new Expiry<String, Answer>() {
                    @Override
                    public long expireAfterCreate(String key, Answer answer, long currentTime) {
                        return Math.max(0, Duration.between(clock.instant(), answer.until()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Answer answer, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, answer, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Answer answer, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** For the meters (cache {@code personal-tokens}). */
    Cache<String, ?> answers() {
        return answers;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    public static boolean isPersonalToken(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    /** The caller behind a personal access token, or an {@link InvalidTokenException}. */
    public Uni<VerifiedCaller> resolve(String token) {
        JwtVerificationConfig.PersonalTokens settings = config.personalTokens();
        if (!settings.enabled() || config.clientId().isEmpty() || config.clientSecret().isEmpty()) {
            return Uni.createFrom().failure(new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
                    "personal access tokens are not accepted by this service"));
        }
        if (token.length() > config.maxTokenLength()) {
            return Uni.createFrom().failure(new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "token is too long"));
        }
        String key = sha256(token);
        Answer cached = answers.getIfPresent(key);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return cached.caller() != null ? Uni.createFrom().item(cached.caller()) : Uni.createFrom().failure(inactive());
        }
        return client().postAbs(settings.introspectionUrl().toString())
                .putHeader("Authorization", RevocationFollower.basic(config.clientId().get(), config.clientSecret().get()))
                .putHeader("Accept", "application/json")
                .timeout(settings.timeout().toMillis())
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token))
                .onFailure().transform(failure -> {
                    LOG.warnf("Introspecting a personal access token failed: %s", failure.getMessage());
                    return new InvalidTokenException(InvalidTokenException.Reason.AUTH_SERVICE_UNAVAILABLE,
                            "personal access token could not be checked");
                })
                .map(response -> {
                    if (response.statusCode() != 200) {
                        LOG.warnf("Introspection answered HTTP %d (are platform.jwt.client-id/secret right?)", response.statusCode());
                        throw new InvalidTokenException(InvalidTokenException.Reason.AUTH_SERVICE_UNAVAILABLE,
                                "personal access token could not be checked");
                    }
                    Answer answer = answer(response.bodyAsJsonObject());
                    answers.put(key, answer);
                    if (answer.caller() == null) {
                        throw inactive();
                    }
                    return answer.caller();
                });
    }

    private Answer answer(JsonObject body) {
        Instant now = clock.instant();
        Instant until = now.plus(config.personalTokens().cacheTime());
        if (!body.getBoolean("active", false) || !WellKnownClients.PERSONAL_ACCESS_TOKEN.equals(body.getString("client_id"))
                || body.getString("sub") == null || body.getString("jti") == null || body.getLong("exp") == null) {
            // Inactive stays inactive: remember it so garbage pat_ strings cost auth-service one call each.
            return new Answer(null, until);
        }
        Instant expires = Instant.ofEpochSecond(body.getLong("exp"));
        Instant issued = Instant.ofEpochSecond(body.getLong("iat", now.getEpochSecond()));
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : body.getString("scope", "").split(" ")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        VerifiedCaller caller = new VerifiedCaller(body.getString("sub"), WellKnownClients.PERSONAL_ACCESS_TOKEN,
                Set.copyOf(scopes), body.getString("jti"), issued, expires, null, null, false);
        return new Answer(caller, expires.isBefore(until) ? expires : until);
    }

    private WebClient client() {
        WebClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = WebClient.create(vertx,
                            JwksCache.authServiceClientOptions(config, tlsRegistry, config.personalTokens().introspectionUrl()));
                    renewedTrust.follow(config.tlsConfigurationName(), renewed -> client.getDelegate().updateSSLOptions(renewed, true));
                }
                current = client;
            }
        }
        return current;
    }

    private static InvalidTokenException inactive() {
        return new InvalidTokenException(InvalidTokenException.Reason.REVOKED, "personal access token is not active");
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
