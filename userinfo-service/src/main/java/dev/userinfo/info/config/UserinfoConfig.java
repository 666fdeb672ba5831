package dev.userinfo.info.config;

import dev.userinfo.contracts.clients.WellKnownClients;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** userinfo-service's own settings; defaults work in dev. */
@ConfigMapping(prefix = "userinfo")
public interface UserinfoConfig {

    AuthService authService();

    Cache cache();

    Lifecycle lifecycle();

    Geo geo();

    Admin admin();

    Prompts prompts();

    interface AuthService {
        /** auth-service's public base URL, where seed 000's authorize_url sends the user. */
        @WithDefault("https://localhost:8443")
        URI publicUrl();
    }

    interface Prompts {
        /** Ask auth-service to open (and maybe push) seed 000's authorization request; off = local authorize_url only. */
        @WithDefault("true")
        boolean enabled();

        /** auth-service's {@code POST /internal/prompts} (docs/internal-contracts.md §4). */
        @WithDefault("https://localhost:8443/internal/prompts")
        URI url();

        /** Longest wait for auth-service's answer (connect included); then seed 000 answers with the local URL. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * Seed 000 calls a minute from one source address in which the app did not prove itself (issue #13 item 4);
         * beyond it 429 with Retry-After. Per pod.
         */
        @WithDefault("30")
        int anonymousRateLimit();

        /** Most source addresses counted at once per pod; when full, unproven calls from new addresses get 429. */
        @WithDefault("100000")
        int anonymousAddresses();
    }

    interface Cache {
        /** How many users' snapshots to keep in memory; 0 turns the cache off. */
        @WithDefault("100000")
        long maxSize();

        /** Safety net: an entry is reloaded at the latest after this, even if a change notification was lost. */
        @WithDefault("60s")
        Duration ttl();

        /** PostgreSQL LISTEN/NOTIFY channel on which every pod hears which users changed. */
        @WithDefault("userinfo_changed")
        String channel();
    }

    interface Lifecycle {
        /** The only client allowed to deliver user lifecycle and app registration events (docs/internal-contracts.md §3, §5). */
        @WithDefault(WellKnownClients.AUTH_SERVICE)
        String clientId();
    }

    interface Geo {
        /**
         * The MaxMind-format (.mmdb) country database behind seed 004's {@code location}; unset, missing or unreadable:
         * a warning, and every location is "".
         */
        Optional<Path> database();

        /** How often the file's size, modification time and identity are checked; a change loads it anew. 0 = never. */
        @WithDefault("60s")
        Duration refreshInterval();
    }

    interface Admin {
        /** Bearer credential of the admin API; the admin API refuses everything when unset. */
        Optional<String> token();
    }
}
