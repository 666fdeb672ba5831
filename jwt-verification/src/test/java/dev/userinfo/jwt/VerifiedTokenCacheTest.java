package dev.userinfo.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verified-token cache stays within its configured size (issue #19) and counts what it evicts. */
class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private static VerifiedCaller caller(int i) {
        return new VerifiedCaller(String.valueOf(i), "app", Set.of("profile"), "j" + i, NOW, NOW.plusSeconds(600), null, null, false);
    }

    @Test
    void whenFilledPastItsBoundThenTheSizeStaysAtTheBoundAndEachEvictionIsCounted() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, Duration.ofSeconds(30), clock);
        for (int i = 0; i < 25; i++) {
            cache.put("token-" + i, "k1", caller(i));
        }
        assertEquals(10, cache.size());
        assertEquals(15, cache.caffeine().stats().evictionCount());
        int found = 0;
        for (int i = 0; i < 25; i++) {
            found += cache.get("token-" + i) != null ? 1 : 0;
        }
        assertEquals(10, found, "the entries kept still answer (which ones: Caffeine's admission policy decides)");
        assertEquals(10, cache.caffeine().stats().hitCount());
        assertEquals(15, cache.caffeine().stats().missCount());
    }
}
