package dev.userinfo.contracts.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Hits, misses and evictions of a map made by hand, exported under the names Micrometer's
 * {@code CaffeineCacheMetrics} gives a Caffeine cache ({@code cache.size}, {@code cache.gets{result}},
 * {@code cache.evictions}, tag {@code cache}), so every bounded cache of the platform reads alike (issue #19).
 */
public final class CacheStatistics {

    private static final String GETS = "The number of times cache lookup methods have returned a cached (hit) or uncached "
            + "(newly loaded or null) value (miss).";

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public void evicted(long entries) {
        if (entries > 0) {
            evictions.add(entries);
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long evictions() {
        return evictions.sum();
    }

    /** Registers the cache's meters; {@code size} reads the current entry count of {@code owner}. */
    public <T> void bindTo(MeterRegistry registry, String cache, T owner, ToDoubleFunction<T> size) {
        Tags tags = Tags.of("cache", cache);
        // Caffeine's descriptions word for word: Prometheus shows one HELP line per metric name.
        Gauge.builder("cache.size", owner, size).tags(tags).description(
                "The number of entries in this cache. This may be an approximation, depending on the type of cache.")
                .register(registry);
        FunctionCounter.builder("cache.gets", this, CacheStatistics::hits).tags(tags).tag("result", "hit").description(GETS)
                .register(registry);
        FunctionCounter.builder("cache.gets", this, CacheStatistics::misses).tags(tags).tag("result", "miss").description(GETS)
                .register(registry);
        FunctionCounter.builder("cache.evictions", this, CacheStatistics::evictions).tags(tags)
                .description("The number of times the cache was evicted.").register(registry);
    }
}
