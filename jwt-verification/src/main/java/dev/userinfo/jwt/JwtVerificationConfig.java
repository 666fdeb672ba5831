package dev.userinfo.jwt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How a resource service trusts access tokens issued by auth-service. */
@ConfigMapping(prefix = "platform.jwt")
public interface JwtVerificationConfig {

    /** Expected {@code iss}: auth-service's issuer URL. */
    @WithDefault("https://localhost:8443")
    String issuer();

    /** Where auth-service publishes its JWKS; fetched over HTTPS. */
    @WithDefault("https://localhost:8443/.well-known/jwks.json")
    URI jwksUrl();

    /**
     * This resource server's identifier (its public base URL, as auth-service lists it in {@code auth.resources}):
     * a token is accepted only when {@code aud} contains it (RFC 9068 §4, RFC 8707). Required.
     */
    String audience();

    /** Accepted JWS algorithms; never {@code none}, never an HMAC algorithm (RFC 8725 §3.1). */
    @WithDefault("RS256")
    List<String> algorithms();

    /** Leeway on {@code exp} and {@code nbf} for clocks that drift between pods. */
    @WithDefault("30s")
    Duration clockSkew();

    /** Background refresh of the JWKS, so retired keys leave the cache. */
    @WithDefault("5m")
    Duration jwksRefreshInterval();

    /**
     * Minimum time between two fetches caused by an unknown {@code kid}: forged kids cannot flood auth-service.
     * A request with a new kid waits at most this long for the fetch.
     */
    @WithDefault("2s")
    Duration jwksMinRefetchInterval();

    /** Timeout of one JWKS fetch. */
    @WithDefault("5s")
    Duration jwksFetchTimeout();

    /** Name of a Quarkus TLS configuration whose trust store verifies auth-service; the JVM's default trust when absent. */
    Optional<String> tlsConfigurationName();

    /**
     * How many verified tokens to remember (until each expires) so repeat calls skip the signature check;
     * 0 turns the cache off. About 1.5 KB each (the token is the key); metrics under {@code cache="verified-tokens"}.
     */
    @WithDefault("20000")
    int verifiedTokenCacheSize();

    /** Tokens longer than this are refused before any parsing. */
    @WithDefault("8192")
    int maxTokenLength();

    /**
     * This service's own client credentials at auth-service (client_secret_basic): used to follow the
     * revocation feed and to introspect personal access tokens. Registered as a confidential app and listed in
     * auth-service's {@code auth.revocation.feed-clients}.
     */
    Optional<String> clientId();

    /** The secret of {@link #clientId()}; from a Kubernetes Secret in production, never in a values file. */
    Optional<String> clientSecret();

    /** Following auth-service's revocation feed (docs/internal-contracts.md §2). */
    Revocation revocation();

    /** Personal access tokens ({@code pat_…}), resolved by introspection (docs/internal-contracts.md §1). */
    PersonalTokens personalTokens();

    interface Revocation {
        /** Follow the feed; without it a revoked token is honoured until it expires. */
        @WithDefault("false")
        boolean enabled();

        /** auth-service's revocation feed. */
        @WithDefault("https://localhost:8443/internal/revocations")
        URI feedUrl();

        /** How long one long poll may wait at auth-service for a new rule (auth-service caps it at 30 s). */
        @WithDefault("25s")
        Duration longPoll();

        /** Pause before asking again after a failed poll (auth-service down, wrong credentials). */
        @WithDefault("1s")
        Duration retryInterval();

        /**
         * Rules a pod expects to hold at most (issue #19): rules are never evicted (a dropped one would let a revoked
         * token through), so above this a warning is logged; about 150 bytes of heap each.
         */
        @WithDefault("200000")
        int expectedMaxEntries();
    }

    interface PersonalTokens {
        /** Accept {@code pat_…} tokens; needs {@code client-id} and {@code client-secret}. */
        @WithDefault("false")
        boolean enabled();

        /** auth-service's token introspection endpoint (RFC 7662). */
        @WithDefault("https://localhost:8443/oauth2/introspect")
        URI introspectionUrl();

        /**
         * How long an introspection answer is reused. auth-service keeps revocation rules for personal tokens at
         * least 5 minutes, so a revoked token is refused from the feed even while its answer is cached.
         */
        @WithDefault("60s")
        Duration cacheTime();

        /** Most personal tokens remembered at once (about 600 bytes each; metrics under {@code cache="personal-tokens"}). */
        @WithDefault("10000")
        int cacheSize();

        /** Timeout of one introspection call. */
        @WithDefault("5s")
        Duration timeout();
    }
}
