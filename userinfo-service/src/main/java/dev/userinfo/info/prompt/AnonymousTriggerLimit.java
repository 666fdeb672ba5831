package dev.userinfo.info.prompt;

import dev.userinfo.info.config.UserinfoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Issue #13 item 4: seed 000 calls in which the app did not prove itself are limited per source address (a fixed
 * one-minute window, per pod), so a stranger cannot flood auth-service through them. Proven calls are limited per
 * app at auth-service instead. Memory is bounded: at most {@code userinfo.prompts.anonymous-addresses} windows.
 */
@ApplicationScoped
public class AnonymousTriggerLimit {

    private static final long WINDOW_MILLIS = 60_000;

    private record Window(long start, AtomicInteger calls) {
    }

    private final int limit;
    private final int maxAddresses;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    public AnonymousTriggerLimit(UserinfoConfig config) {
        this(config.prompts().anonymousRateLimit(), config.prompts().anonymousAddresses(), System::currentTimeMillis);
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
        windows.compute(key(address), (k, window) -> window == null || window.start + WINDOW_MILLIS <= now
                ? new Window(now, new AtomicInteger(1))
                : increment(window));
    }

    private static Window increment(Window window) {
        window.calls.incrementAndGet();
        return window;
    }

    /** Drops ended windows; returns how many remain. */
    private int purge(long now) {
        windows.values().removeIf(window -> window.start + WINDOW_MILLIS <= now);
        return windows.size();
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }
}
