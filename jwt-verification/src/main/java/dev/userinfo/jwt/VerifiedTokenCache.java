package dev.userinfo.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tokens already verified, keyed by their full compact serialization (signature included), so a hit is exactly
 * the token that was verified. An entry lives no longer than its token, is checked against the clock on every
 * hit, and the whole cache is dropped when a key leaves the JWKS. Saves the RSA verification on the hot path.
 */
final class VerifiedTokenCache {

    private record Entry(VerifiedCaller caller, String kid) {
    }

    private final Cache<String, Entry> cache;
    private final Clock clock;
    private final Duration clockSkew;

    VerifiedTokenCache(int maximumSize, Duration clockSkew, Clock clock) {
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .recordStats()
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        return Math.max(0, Duration.between(clock.instant(), entry.caller().expiresAt()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The caller of an already verified, still unexpired token, or null. */
    VerifiedCaller get(String token) {
        Entry entry = cache.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.caller().expiresAt().plus(clockSkew))) {
            cache.invalidate(token);
            return null;
        }
        return entry.caller();
    }

    void put(String token, String kid, VerifiedCaller caller) {
        if (caller.expiresAt() != null && caller.expiresAt().isAfter(Instant.now(clock))) {
            cache.put(token, new Entry(caller, kid));
        }
    }

    /** A key left the JWKS (retired or withdrawn): nothing it signed is trusted from memory any more. */
    void invalidateAll() {
        cache.invalidateAll();
    }

    /** For the meters (cache {@code verified-tokens}: size, hits, misses, evictions). */
    Cache<String, ?> caffeine() {
        return cache;
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
