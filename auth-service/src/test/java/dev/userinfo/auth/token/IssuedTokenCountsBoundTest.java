package dev.userinfo.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The per-app token counts waiting for a flush stay within auth.developer.token-counts-max-entries (issue #19). */
class IssuedTokenCountsBoundTest {

    @Test
    void whenMoreAppsThanTheBoundAreCountedThenTheMapStaysAtTheBoundAndTheDroppedOnesAreEvictions() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IssuedTokenCounts counts = new IssuedTokenCounts(null, 3, meters);
        for (int i = 0; i < 5; i++) {
            counts.count("app-" + i);
        }
        counts.count("app-0");
        assertEquals(3, counts.waiting());
        assertEquals(2, counts.statistics().evictions(), "app-3 and app-4 were dropped; app-0 again was counted");
        assertEquals(3.0, meters.get("cache.size").tag("cache", "issued-token-counts").gauge().value());
        assertEquals(2.0, meters.get("cache.evictions").tag("cache", "issued-token-counts").functionCounter().count());
    }
}
