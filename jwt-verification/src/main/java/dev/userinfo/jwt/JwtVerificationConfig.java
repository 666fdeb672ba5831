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

    /** Expected {@code aud}, when this service only accepts tokens for one audience. */
    Optional<String> audience();

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
     * 0 turns the cache off.
     */
    @WithDefault("20000")
    int verifiedTokenCacheSize();

    /** Tokens longer than this are refused before any parsing. */
    @WithDefault("8192")
    int maxTokenLength();
}
