package dev.userinfo.info.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address limit of unproven seed 000 calls (issue #13 item 4), on a clock the test moves. */
class AnonymousTriggerLimitTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void whenAnAddressReachesTheLimitThenItWaitsForTheRestOfItsMinuteAndOthersDoNot() {
        AnonymousTriggerLimit limit = new AnonymousTriggerLimit(3, 100, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limit.retryAfter("192.0.2.1"));
            limit.count("192.0.2.1");
        }
        now.addAndGet(20_000);
        assertEquals(40, limit.retryAfter("192.0.2.1"), "the rest of the window, in seconds");
        assertEquals(0, limit.retryAfter("192.0.2.2"), "another address has its own allowance");
        now.addAndGet(40_000);
        assertEquals(0, limit.retryAfter("192.0.2.1"), "a new minute");
        limit.count("192.0.2.1");
        assertEquals(0, limit.retryAfter("192.0.2.1"));
    }

    @Test
    void whenTheTableIsFullThenNewAddressesAreRefusedUntilWindowsEnd() {
        AnonymousTriggerLimit limit = new AnonymousTriggerLimit(5, 2, now::get);
        limit.count("192.0.2.1");
        limit.count("192.0.2.2");
        assertEquals(60, limit.retryAfter("192.0.2.3"), "memory is bounded: a third address is refused");
        assertEquals(0, limit.retryAfter("192.0.2.1"), "known addresses keep their allowance");
        now.addAndGet(60_000);
        assertEquals(0, limit.retryAfter("192.0.2.3"), "ended windows are dropped");
    }

    @Test
    void whenMoreAddressesThanTheBoundCallThenTheTableStaysAtTheBoundAndEndedWindowsAreCountedAsEvictions() {
        AnonymousTriggerLimit limit = new AnonymousTriggerLimit(5, 3, now::get);
        for (int i = 1; i <= 6; i++) {
            limit.count("192.0.2." + i);
        }
        assertEquals(3, limit.size(), "addresses past the bound are not remembered");
        assertEquals(0, limit.statistics().evictions());
        now.addAndGet(60_000);
        limit.count("192.0.2.7");
        assertEquals(1, limit.size());
        assertEquals(3, limit.statistics().evictions(), "the three ended windows were dropped to make room");
        assertEquals(4, limit.statistics().misses(), "each new window is a miss");
    }
}
