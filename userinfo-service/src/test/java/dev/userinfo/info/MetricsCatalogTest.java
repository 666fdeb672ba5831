package dev.userinfo.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.userinfo.contracts.testing.MetricsCatalog;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.JwksTestServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics the chart's alert rules use (docs/metrics.md, issue #16 item 9) are exported, and the seed 000 trigger's
 * failure counter moves when auth-service does not answer. auth-service is JwksTestResource's stand-in here.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class MetricsCatalogTest extends ServiceTest {

    private static final String SEED_000 = "/chatroom/api/account/info?client_id=demo-app"
            + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=user_info_read";

    private String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void everyMetricTheAlertsUseIsExported() {
        given().get("/whoami").then().statusCode(401); // an application request: /q/* is not timed
        assertEquals(List.of(), MetricsCatalog.load().problems("userinfo-service", metrics()));
    }

    @Test
    void everyBoundedCacheIsOnTheMetrics() {
        // Issue #19: each in-memory cache reports its size, hits/misses and evictions under Caffeine's names.
        assertEquals(List.of(), MetricsCatalog.unmeteredCaches(metrics(),
                List.of("users", "anonymous-addresses", "verified-tokens", "personal-tokens", "revocation-rules")));
    }

    @Test
    void aPromptAuthServiceCouldNotOpenIsCountedAndNoTraceContextLeavesWhileTracingIsOff() {
        JwksTestServer stub = JwksTestResource.server();
        double before = MetricsCatalog.value(metrics(), "platform_prompt_push_failures_total", "stage=\"trigger\"");
        stub.promptReset();
        try {
            given().urlEncodingEnabled(false).get(SEED_000).then().statusCode(401);
            // quarkus.otel.sdk.disabled=true by default: no span, so no W3C traceparent on the call to auth-service.
            assertNull(stub.promptRequests().get(0).traceparent());
            assertEquals(before, MetricsCatalog.value(metrics(), "platform_prompt_push_failures_total", "stage=\"trigger\""),
                    "an answered trigger is no failure");
            stub.promptUnanswered();
            given().urlEncodingEnabled(false).get(SEED_000).then().statusCode(401);
        } finally {
            stub.promptReset();
        }
        assertEquals(before + 1, MetricsCatalog.value(metrics(), "platform_prompt_push_failures_total", "stage=\"trigger\""));
    }
}
