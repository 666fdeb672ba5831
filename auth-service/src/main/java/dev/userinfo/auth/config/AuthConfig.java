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

    Demo demo();

    interface Tokens {
        /** Lifetime of an access token: short, because resource services verify them offline. */
        @WithDefault("10m")
        Duration accessTokenLifetime();

        /** Largest token request body accepted; larger ones are refused before parsing. */
        @WithDefault("8192")
        int maxRequestBytes();
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
    }

    interface Admin {
        /** Bearer credential of the admin API. Absent: the admin API refuses every call. */
        Optional<String> token();
    }

    interface Demo {
        /** Seeds the demo app (local and dev profiles only). */
        @WithDefault("false")
        boolean enabled();
    }
}
