package dev.userinfo.quota.config;

import dev.userinfo.contracts.clients.WellKnownClients;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every account-quota-service knob; defaults work in dev. See the service README for each key. */
@ConfigMapping(prefix = "platform.quota")
public interface QuotaConfig {

    /** Quota a new account starts with (units; 500000 units are one currency unit, seed 003). */
    @WithDefault("0")
    long newAccountQuota();

    /** Largest amount one write may move, so that no sum can overflow a BIGINT. */
    @WithDefault("1000000000000000")
    long maxAmount();

    /** User ids whose accounts get role 100 (root) when auth-service delivers them. */
    Optional<Set<Long>> rootUserIds();

    /**
     * Client ids of first-party services that may write (and read the ledger of) any account with a client token
     * carrying {@code service:quota_write} (issue #13, 1); auth-service grants that scope from its own copy of this list.
     */
    Optional<Set<String>> writers();

    /** Group → ratios. The group {@code default} must exist: new accounts join it. */
    Map<String, Group> groups();

    Affiliate affiliate();

    Consume consume();

    Lifecycle lifecycle();

    interface Lifecycle {
        /** The only client allowed to deliver user lifecycle events (docs/internal-contracts.md §3). */
        @WithDefault(WellKnownClients.AUTH_SERVICE)
        String clientId();
    }

    interface Group {
        /** {@code group_ratio} of seed 003 (an integer there). */
        @WithDefault("1")
        int ratio();

        /** {@code topup_ratio} of seed 003: a top-up of N credits N × this. */
        @WithDefault("1")
        int topupRatio();

        @WithDefault("")
        String description();
    }

    interface Affiliate {
        /** Credited to the inviter's aff_quota when an account signs up with its aff_code. */
        @WithDefault("500000")
        long reward();

        /** Smallest aff_transfer (new-api: one currency unit). */
        @WithName("transfer-minimum")
        @WithDefault("500000")
        long transferMinimum();
    }

    interface Consume {
        /**
         * Consumes are coalesced per lane (accounts hashed onto lanes); each lane runs one transaction at a time
         * over everything queued on it, so a hot account takes one row lock per batch instead of per request.
         * Two: one lane's batch runs while the other's commit waits for its WAL flush. More lanes only cut each
         * batch smaller, and on a CPU-bound host every extra transaction costs (bench, issue #5, 32 connections over
         * 10,000 accounts: 8 lanes 1,685/s, 2 lanes 3,903-4,234/s; a hot account is in one lane either way).
         */
        @WithDefault("2")
        int lanes();

        /** Most consumes in one transaction. */
        @WithDefault("256")
        int maxBatch();
    }
}
