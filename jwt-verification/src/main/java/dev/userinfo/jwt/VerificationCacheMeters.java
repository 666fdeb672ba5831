package dev.userinfo.jwt;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.inject.Singleton;

/**
 * The bounded caches of token verification on {@code /q/metrics} (issue #19): {@code verified-tokens} and
 * {@code personal-tokens} (Caffeine, bounded by size), and {@code revocation-rules}, which only expiry shrinks.
 * Quarkus binds every MeterBinder bean to the registry.
 */
@Singleton
public class VerificationCacheMeters implements MeterBinder {

    private final AccessTokenVerifier verifier;
    private final PersonalTokenResolver personalTokens;
    private final RevocationFollower revocations;

    public VerificationCacheMeters(AccessTokenVerifier verifier, PersonalTokenResolver personalTokens,
                                   RevocationFollower revocations) {
        this.verifier = verifier;
        this.personalTokens = personalTokens;
        this.revocations = revocations;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        VerifiedTokenCache verified = verifier.verifiedTokens();
        if (verified != null) {
            CaffeineCacheMetrics.monitor(registry, verified.caffeine(), "verified-tokens");
        }
        CaffeineCacheMetrics.monitor(registry, personalTokens.answers(), "personal-tokens");
        revocations.ruleStatistics().bindTo(registry, "revocation-rules", revocations, RevocationFollower::rules);
    }
}
