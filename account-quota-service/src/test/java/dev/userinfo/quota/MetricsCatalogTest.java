package dev.userinfo.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.contracts.testing.MetricsCatalog;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics the chart's alert rules use (docs/metrics.md, issue #16 item 9) are exported. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class MetricsCatalogTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Test
    void everyMetricTheAlertsUseIsExported() {
        TestHttps.given(url).get("/whoami").then().statusCode(401); // an application request: /q/* is not timed
        assertEquals(List.of(), MetricsCatalog.load().problems("account-quota-service",
                TestHttps.given(url).get("/q/metrics").then().statusCode(200).extract().asString()));
    }

    @Test
    void everyBoundedCacheIsOnTheMetrics() {
        // Issue #19: token verification's caches report size, hits/misses and evictions under Caffeine's names.
        String metrics = TestHttps.given(url).get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(List.of(), MetricsCatalog.unmeteredCaches(metrics, List.of("verified-tokens", "personal-tokens", "revocation-rules")));
    }
}
