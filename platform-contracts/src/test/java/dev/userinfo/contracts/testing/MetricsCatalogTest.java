package dev.userinfo.contracts.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsCatalogTest {

    private static final String EXPOSITION = """
            # TYPE platform_outbox_lag_seconds gauge
            platform_outbox_lag_seconds{feed="user-events",subscriber="stub"} 3.5
            platform_outbox_lag_seconds{feed="app-events",subscriber="stub"} 0.0
            platform_unlisted_total 1.0
            sql_pool_active{pool_name="x",pool_type="sql"} 0.0
            """;

    @Test
    void theDocumentsTableNamesEachMetricWithItsExporters() {
        MetricsCatalog catalog = MetricsCatalog.load();
        assertTrue(catalog.exportedBy("auth-service").contains("platform_outbox_lag_seconds"));
        assertTrue(catalog.exportedBy("account-quota-service").contains("platform_revocation_feed_lag_seconds"));
        assertTrue(!catalog.exportedBy("account-quota-service").contains("platform_outbox_lag_seconds"));
        assertTrue(catalog.names().containsAll(Set.of("http_server_requests_seconds_bucket", "sql_pool_queue_size")));
    }

    @Test
    void samplesAreFoundByNameAndLabels() {
        assertEquals(3.5, MetricsCatalog.value(EXPOSITION, "platform_outbox_lag_seconds", "feed=\"user-events\""));
        assertEquals(0.0, MetricsCatalog.value(EXPOSITION, "platform_outbox_lag_seconds", "feed=\"app-events\""));
        assertTrue(Double.isNaN(MetricsCatalog.value(EXPOSITION, "platform_outbox_lag_seconds", "feed=\"other\"")));
    }

    @Test
    void problemsNameWhatIsMissingAndWhatIsUnlisted() {
        MetricsCatalog catalog = MetricsCatalog.parse("""
                | Metric | Type | Exported by | Tags | Meaning |
                |---|---|---|---|---|
                | `platform_outbox_lag_seconds` | gauge | auth-service | subscriber, feed | lag |
                | `sql_pool_queue_size` | gauge | auth-service, userinfo-service | pool_type | waiting |
                """);
        assertEquals(List.of("sql_pool_queue_size is listed for auth-service but not exported",
                "platform_unlisted_total is exported but not listed for auth-service in docs/metrics.md"),
                catalog.problems("auth-service", EXPOSITION));
    }
}
