package dev.userinfo.contracts.metrics;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The platform's own meters (issue #16 item 9). docs/metrics.md lists every metric the alert rules use and which
 * service exports it; each service's MetricsCatalogTest and the chart's AlertRulesTest read that one list. Tags stay
 * low-cardinality: subscriber and feed names come from configuration, never user or client ids.
 */
public final class PlatformMeters {

    /** Gauge, seconds: age of the oldest event a subscriber has not acknowledged (auth-service; 0 when caught up). */
    public static final String OUTBOX_LAG = "platform.outbox.lag";
    /** Gauge, seconds: time since the revocation feed last answered (resource services; docs/internal-contracts.md §2). */
    public static final String REVOCATION_FEED_LAG = "platform.revocation.feed.lag";
    /** Counter: seed 000 prompts that could not reach a page or be opened (tag {@code stage}). */
    public static final String PROMPT_PUSH_FAILURES = "platform.prompt.push.failures";
    public static final String SECONDS = "seconds";

    /** Quarkus' HTTP server timer (quarkus.micrometer.binder.http-server), given buckets so p99 can be computed. */
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    /** Fixed buckets rather than Micrometer's ~70 per series: p99 to within a bucket, a bounded series count. */
    static final double[] HTTP_BUCKETS_NANOS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .mapToDouble(millis -> Duration.ofMillis(millis).toNanos()).toArray();

    private PlatformMeters() {
    }
}
