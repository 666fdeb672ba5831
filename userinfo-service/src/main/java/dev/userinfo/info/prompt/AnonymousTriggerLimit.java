package dev.userinfo.info.prompt;

import dev.userinfo.contracts.metrics.CacheStatistics;
import dev.userinfo.info.config.UserinfoConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Issue #13 item 4: seed 000 calls in which the app did not prove itself are limited per source address (a fixed
 * one-minute window, per pod), so a stranger cannot flood auth-service through them. Proven calls are limited per
 * app at auth-service instead. Memory is bounded: at most {@code userinfo.prompts.anonymous-addresses} windows (about
 * 150 bytes each; cache {@code anonymous-addresses} on /q/metrics, an ended window dropped counts as an eviction).
 */
@ApplicationScoped
@Startup
public class AnonymousTriggerLimit {

    private static final long WINDOW_MILLIS = 60_000;

    private record Window(long start, AtomicInteger calls) {
    }

    private final int limit;
    private final int maxAddresses;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final CacheStatistics statistics = new CacheStatistics();

    @Inject
    public AnonymousTriggerLimit(UserinfoConfig config, MeterRegistry meters) {
        this(config.prompts().anonymousRateLimit(), config.prompts().anonymousAddresses(), System::currentTimeMillis);
        statistics.bindTo(meters, "anonymous-addresses", windows, ConcurrentHashMap::size);
    }

    AnonymousTriggerLimit(int limit, int maxAddresses, LongSupplier clock) {
        this.limit = limit;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** Seconds to wait before this address may make another unproven call, or 0 when it may now. */
    public long retryAfter(String address) {
        Window window = windows.get(key(address));
        long now = clock.getAsLong();
        if (window == null || window.start + WINDOW_MILLIS <= now) {
            return windows.size() >= maxAddresses && purge(now) >= maxAddresses ? WINDOW_MILLIS / 1000 : 0;
        }
        return window.calls.get() >= limit ? Math.max(1, (window.start + WINDOW_MILLIS - now + 999) / 1000) : 0;
    }

    /** Counts one unproven call from this address. */
    public void count(String address) {
        long now = clock.getAsLong();
        if (windows.size() >= maxAddresses && purge(now) >= maxAddresses) {
            return;
        }
        windows.compute(key(address), (k, window) -> {
            if (window == null || window.start + WINDOW_MILLIS <= now) {
                statistics.miss();
                return new Window(now, new AtomicInteger(1));
            }
            statistics.hit();
            return increment(window);
        });
    }

    /** Addresses counted now (tests). */
    int size() {
        return windows.size();
    }

    CacheStatistics statistics() {
        return statistics;
    }

    private static Window increment(Window window) {
        window.calls.incrementAndGet();
        return window;
    }

    /** Drops ended windows; returns how many remain. */
    private int purge(long now) {
        int before = windows.size();
        windows.values().removeIf(window -> window.start + WINDOW_MILLIS <= now);
        int after = windows.size();
        statistics.evicted(Math.max(0, before - after));
        return after;
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }
}
