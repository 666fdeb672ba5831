package dev.userinfo.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every auth-service knob; defaults work in dev. See the service README for each key. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** {@code iss} of every token and the base of discovery URLs (OIDC Discovery §3). */
    @WithDefault("https://localhost:8443")
    String issuer();

    Tokens tokens();

    Signing signing();

    Admin admin();

    ServiceScopes serviceScopes();

    Demo demo();

    Passwords passwords();

    Codes codes();

    Sessions sessions();

    Delivery delivery();

    RefreshTokens refreshTokens();

    PersonalTokens personalTokens();

    Revocation revocation();

    Discovery discovery();

    Prompts prompts();

    Console console();

    /**
     * Where the operator console reaches the three admin APIs (issue #18; README, "Operator console"). Each absent key
     * falls back to what this service already knows: itself on its own HTTPS port, and the origins of the delivery
     * subscribers {@code userinfo-service} and {@code account-quota-service} (the chart's in-cluster Services).
     */
    interface Console {
        /** auth-service's own admin API, called over HTTPS like the others so the same guard applies. */
        Optional<java.net.URI> authUrl();

        /** userinfo-service's base URL (its {@code /admin} API). */
        Optional<java.net.URI> userinfoUrl();

        /** account-quota-service's base URL (its {@code /api/admin} API). */
        Optional<java.net.URI> quotaUrl();

        /** Connect and response timeout of one admin API call. */
        @WithDefault("10s")
        Duration timeout();
    }

    Developer developer();

    /** The developer console (issue #18; README, "Developer console"). */
    interface Developer {
        /** userinfo-service's public base URL, in the quick-start calls of seeds 000, 001, 002, 004 and OIDC. */
        @WithDefault("https://localhost:8444")
        String userinfoUrl();

        /** account-quota-service's public base URL, in the quick-start call of seed 003. */
        @WithDefault("https://localhost:8445")
        String quotaUrl();

        /** How often each pod adds the access tokens it issued to the per-day counts (and once at shutdown). */
        @WithDefault("5s")
        Duration tokenCountsFlushInterval();

        /**
         * Most (app, UTC day) token counts a pod keeps in memory between flushes (issue #19; about 150 bytes each);
         * reached only while the database is unreachable for long, then counts of further apps are dropped.
         */
        @WithDefault("10000")
        int tokenCountsMaxEntries();
    }

    /** Seed 000's authorization prompt pushed to an online user (issue #6; README, "Authorization prompts"). */
    interface Prompts {
        /** Clients that may open prompts ({@code POST /internal/prompts}): the resource services behind seed 000. */
        @WithDefault("userinfo-service")
        java.util.List<String> triggerClients();

        /** How long a prompt waits for the user's answer. */
        @WithDefault("2m")
        Duration lifetime();

        /** Most authorization requests one app may open per minute, whoever they name. */
        @WithDefault("30")
        int rateLimit();

        /** A user counts as online this long after their last page closed (navigating between pages). */
        @WithDefault("15s")
        Duration presenceGrace();

        /**
         * How often each pod refreshes the presence of its open pages and sends them a keep-alive; a pod that
         * stops (crash) leaves its users online for at most three times this.
         */
        @WithDefault("10s")
        Duration heartbeat();

        /** The poll interval advertised to apps (CIBA §7.3 {@code interval}). */
        @WithDefault("5s")
        Duration pollInterval();

        /** How often each pod marks prompts past their lifetime expired and tells their pages. */
        @WithDefault("2s")
        Duration sweepInterval();

        /** How long prompts and their audit events are kept. */
        @WithDefault("30d")
        Duration retention();

        /**
         * When the pod shuts down, each open stream ends with this SSE {@code retry} (spread at random up to twice
         * it, so the pages do not all come back at once): the browser reconnects to another pod within the presence
         * grace (HTML Living Standard, server-sent events, "reconnection time"; issue #16, 6).
         */
        @WithDefault("2s")
        Duration reconnectDelay();

        /** PostgreSQL LISTEN/NOTIFY channel on which every pod hears whose prompts changed. */
        @WithDefault("auth_prompts")
        String channel();
    }

    interface Discovery {
        /** userinfo-service's OIDC UserInfo endpoint (OIDC Core §5.3), published in the discovery document. */
        @WithDefault("https://localhost:8444/userinfo")
        String userinfoEndpoint();
    }

    interface Tokens {
        /** Lifetime of an access token: short, because resource services verify them offline. */
        @WithDefault("10m")
        Duration accessTokenLifetime();

        /** Largest token request body accepted; larger ones are refused before parsing. */
        @WithDefault("8192")
        int maxRequestBytes();

        /**
         * The resource servers' identifiers (absolute URIs: their public base URLs), each one's
         * {@code platform.jwt.audience}. An access token's {@code aud} lists them all unless an RFC 8707
         * {@code resource} parameter narrows it; any other {@code resource} is {@code invalid_target}.
         */
        @WithDefault("https://localhost:8444,https://localhost:8445")
        java.util.List<String> resources();
    }

    interface Signing {
        /** JWS algorithm of new keys. */
        @WithDefault("RS256")
        String algorithm();

        /** RSA modulus length of new keys. */
        @WithDefault("2048")
        int rsaKeySize();

        /**
         * Base64 of 32 bytes: the AES-256 key that encrypts private signing keys at rest. Required in prod;
         * dev and test profiles set a well-known value.
         */
        String keyEncryptionKey();

        /** How often each pod re-reads the key ring, so a rotation made on another pod reaches it. */
        @WithDefault("30s")
        Duration refreshInterval();

        /**
         * How long a rotated-in key is published ({@code next}) before it signs, so every pod's JWKS has it first
         * (issue #16 item 7). Absent: twice the refresh interval plus the JWKS cache max-age (60 s); less than twice
         * the refresh interval stops start-up.
         */
        Optional<Duration> publishDelay();
    }

    interface Admin {
        /** Bearer credential of the admin API. Absent: the admin API refuses every call. */
        Optional<String> token();
    }

    /** Scopes outside the consent catalogue, granted by client_credentials to listed first-party services only. */
    interface ServiceScopes {
        /** Clients that may get {@code service:quota_write} (the chart's quota.writers, also account-quota-service's list). */
        Optional<java.util.List<String>> quotaWriters();
    }

    interface Demo {
        /** Seeds the demo app (local and dev profiles only). */
        @WithDefault("false")
        boolean enabled();

        /** Seeds the demo users alice / alice-password and bob / bob-password (local profile only). */
        @WithDefault("false")
        boolean users();
    }

    /** argon2id parameters (RFC 9106 §4; defaults are OWASP's second recommended set: 19 MiB, t=2, p=1). */
    interface Passwords {
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /** Shortest password accepted (NIST SP 800-63B §5.1.1.2 asks for at least 8). */
        @WithDefault("8")
        int minLength();

        /**
         * Most argon2id hashes computed at once on a pod; absent: the number of cores. Each holds memory-kib of heap
         * while it runs, so this × memory-kib is the hashing part of the heap (README, "Login throttle").
         */
        Optional<Integer> maxConcurrentHashes();

        /** How long a hash waits for a free slot before the request is answered 503 with Retry-After. */
        @WithDefault("2s")
        Duration hashQueueWait();

        /**
         * Bounds of a pre-hashed {@code password_hash} given to the import (issue #19): a login verifies it with its own
         * parameters, so these cap what one login can cost. The configured memory-kib, iterations and parallelism are
         * always allowed too (the larger of each pair applies).
         */
        Imported imported();

        interface Imported {
            /** Largest m (KiB) of an imported hash; the default is the production memory-kib. */
            @WithDefault("19456")
            int maxMemoryKib();

            /** Largest t (passes) of an imported hash. */
            @WithDefault("3")
            int maxIterations();

            /** Largest p (lanes) of an imported hash; Bouncy Castle computes lanes one after the other. */
            @WithDefault("4")
            int maxParallelism();
        }
    }

    interface Codes {
        /** Lifetime of an authorization code; RFC 6749 §4.1.2 recommends at most 10 minutes, which is enforced. */
        @WithDefault("5m")
        Duration lifetime();
    }

    interface Sessions {
        /** How long a login lasts in the browser. */
        @WithDefault("12h")
        Duration lifetime();

        /** Failed logins for one account or one IP within {@link #failureWindow()} before each further try waits. */
        @WithDefault("5")
        int freeFailures();

        @WithDefault("15m")
        Duration failureWindow();

        /** Longest wait imposed on a try after repeated failures (the wait doubles per failure up to this). */
        @WithDefault("30s")
        Duration maxFailureDelay();

        /** Free failures from one client IP: higher than per account, as many people may share one address. */
        @WithDefault("50")
        int freeFailuresPerIp();

        /** Wait after the first failure beyond the free ones; it doubles with each further failure. */
        @WithDefault("1s")
        Duration firstFailureDelay();
    }

    interface Delivery {
        /** Services that receive user lifecycle events (and app events where they set a URL), by name. */
        java.util.Map<String, Subscriber> subscribers();

        /** How often each pod looks for undelivered events when nothing woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * Events per POST, at most 1000 (contract §3); 500 keeps a 5,000 users/s import visible everywhere within seconds
         * (issue #19) and a batch well under the receivers' 1 MiB body limit.
         */
        @WithDefault("500")
        int batchSize();

        @WithDefault("10s")
        Duration timeout();

        /** Longest wait between retries to a subscriber that keeps failing (backoff doubles up to this). */
        @WithDefault("60s")
        Duration maxBackoff();

        /** Name of the TLS configuration whose trust store verifies subscribers' certificates. */
        Optional<String> tlsConfigurationName();

        /** How often each pod measures every subscriber's outbox lag (the platform_outbox_lag_seconds gauge). */
        @WithDefault("15s")
        Duration lagInterval();

        /** Deleting delivered outbox rows (issue #16 item 9; README, "Outbox pruning"). */
        Prune prune();

        interface Prune {
            /** Rows younger than this stay even when delivered, so an operator can replay them by lowering a cursor. */
            @WithDefault("7d")
            Duration retention();

            /** Most rows deleted per feed in one run. */
            @WithDefault("10000")
            int batch();

            /** How often a pod tries (one pod prunes at a time). */
            @WithDefault("10m")
            Duration interval();
        }

        interface Subscriber {
            /** Full URL of the subscriber's {@code /internal/user-events}. */
            java.net.URI url();

            /** Full URL of the subscriber's {@code /internal/app-events} (contract §5); unset: it gets no app events. */
            Optional<java.net.URI> appEventsUrl();
        }
    }

    interface RefreshTokens {
        /** Lifetime of each refresh token; every rotation issues a new one (sliding, RFC 9700 §4.14.2). */
        @WithDefault("30d")
        Duration lifetime();

        /**
         * Longest life of a whole family (one consent → code → every rotation): no refresh token outlives its grant's
         * start plus this, so a family that keeps refreshing still ends and the user signs in again.
         */
        @WithDefault("90d")
        Duration maxFamilyLifetime();
    }

    interface PersonalTokens {
        /** Longest lifetime a user may choose; absent expiry means this long. */
        @WithDefault("365d")
        Duration maxLifetime();
    }

    /** Deleting rows that can no longer matter (ExpiredRows). */
    Housekeeping housekeeping();

    interface Housekeeping {
        /** How long after expiry a code, refresh token or revocation rule is kept (for support questions). */
        @WithDefault("1d")
        Duration grace();

        /** Most rows deleted per table in one run ({@code auth.housekeeping.interval}, default 10m). */
        @WithDefault("10000")
        int batch();

        /** How often each pod runs it. */
        @WithDefault("10m")
        Duration interval();
    }

    interface Revocation {
        /** Confidential clients (resource services) allowed to follow the revocation feed. */
        @WithDefault("userinfo-service,account-quota-service")
        java.util.List<String> feedClients();

        /**
         * Secrets of the feed clients by client id ({@code auth.revocation.feed-client-secrets."userinfo-service"}).
         * At start-up each listed feed client is registered as a confidential app with this secret (or its secret
         * replaced), so a deployment hands the same Kubernetes Secret to both sides and nothing is registered by hand.
         */
        java.util.Map<String, String> feedClientSecrets();

        /** While followers wait, how often each pod looks for new revocation rows (any pod may have written them). */
        @WithDefault("200ms")
        Duration feedPollInterval();

        /** Longest long-poll a follower may ask for. */
        @WithDefault("30s")
        Duration feedMaxWait();

        /** Most rows in one feed answer; a follower asks again at once when {@code more} is true. */
        @WithDefault("1000")
        int feedPageSize();
    }
}
