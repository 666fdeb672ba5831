package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ServiceMonitors and the PrometheusRule (issue #16 item 9). promtool is not available here, so each expression
 * is checked for balanced brackets and quotes, known functions only, and metric names from docs/metrics.md: the
 * table each service's MetricsCatalogTest checks its /q/metrics against, so an alert cannot name a metric nobody
 * exports.
 */
class AlertRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path CATALOG = Chart.DEPLOY.getParent().resolve("docs/metrics.md");
    private static final Pattern CATALOG_ROW = Pattern.compile("(?m)^\\| `([a-z_:][a-z0-9_:]*)` \\|");
    private static final Set<String> FUNCTIONS = Set.of("sum", "max", "min", "avg", "rate", "increase",
            "histogram_quantile");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "and", "or", "unless", "on", "ignoring");
    private static final List<String> ALERTS = List.of("PlatformHighErrorRate", "PlatformHighLatencyP99",
            "PlatformDbPoolSaturated", "PlatformDbPoolWaiting", "PlatformOutboxLag", "PlatformRevocationFeedLag",
            "PlatformPromptPushFailures");

    @TempDir
    Path dir;

    private List<JsonNode> render(String values) throws IOException {
        Path file = Files.writeString(dir.resolve("values-" + System.nanoTime() + ".yaml"), values);
        List<JsonNode> objects = new ArrayList<>();
        for (String doc : Chart.template(file).split("(?m)^---\\s*$")) {
            JsonNode node = YAML.readTree(doc);
            if (node != null && node.has("kind")) {
                objects.add(node);
            }
        }
        return objects;
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static Set<String> catalog() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher row = CATALOG_ROW.matcher(Files.readString(CATALOG));
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }

    @Test
    void offByDefault() throws IOException {
        List<JsonNode> objects = render("{}\n");
        assertEquals(List.of(), ofKind(objects, "ServiceMonitor"));
        assertEquals(List.of(), ofKind(objects, "PrometheusRule"));
    }

    @Test
    void everyAlertHasAThresholdADurationItsTextsAndOnlyMetricsTheServicesExport() throws IOException {
        List<JsonNode> rules = ofKind(render("""
                metrics:
                  prometheusRule:
                    enabled: true
                    labels: {release: kube-prometheus-stack}
                    alerts:
                      outboxLag: {threshold: 600, for: 15m, severity: page}
                """), "PrometheusRule");
        assertEquals(1, rules.size());
        JsonNode rule = rules.get(0);
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        assertEquals("kube-prometheus-stack", rule.path("metadata").path("labels").path("release").asText());
        Set<String> catalog = catalog();
        List<String> alerts = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode alert : group.path("rules")) {
                String name = alert.path("alert").asText();
                alerts.add(name);
                String expr = alert.path("expr").asText();
                assertTrue(alert.path("for").asText().matches("[0-9]+[smh]"), name);
                assertFalse(alert.path("labels").path("severity").asText().isBlank(), name);
                for (String text : List.of("summary", "description", "runbook")) {
                    assertFalse(alert.path("annotations").path(text).asText().isBlank(), name + " " + text);
                }
                assertTrue(expr.matches("(?s).*> [0-9.]+\\s*$"), name + ": a threshold from values ends the expression: " + expr);
                Set<String> metrics = metricsOf(name, expr);
                assertFalse(metrics.isEmpty(), name);
                for (String metric : metrics) {
                    assertTrue(catalog.contains(metric), name + " uses " + metric + ", which docs/metrics.md does not list");
                    // Each selector is limited to this release's Services.
                    assertTrue(expr.contains(metric + "{namespace=\"" + Chart.NAMESPACE + "\",service=~\""), name + ": " + expr);
                }
                used.addAll(metrics);
            }
        }
        assertEquals(ALERTS, alerts);
        JsonNode outbox = rule.path("spec").path("groups").findValues("rules").stream().flatMap(r -> stream(r))
                .filter(a -> a.path("alert").asText().equals("PlatformOutboxLag")).findFirst().orElseThrow();
        assertTrue(outbox.path("expr").asText().endsWith("> 600"), "the threshold is the value's");
        assertEquals("15m", outbox.path("for").asText());
        assertEquals("page", outbox.path("labels").path("severity").asText());
        assertTrue(used.containsAll(Set.of("platform_outbox_lag_seconds", "platform_revocation_feed_lag_seconds",
                "platform_prompt_push_failures_total", "http_server_requests_seconds_bucket", "sql_pool_queue_size")), used.toString());
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    /** The metric names of a PromQL expression, after checking its syntax as far as this test can without promtool. */
    static Set<String> metricsOf(String alert, String expr) {
        String plain = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        assertFalse(plain.contains("\"\"\"") || plain.replace("\"\"", "").contains("\""), alert + ": unbalanced quotes");
        Deque<Character> open = new ArrayDeque<>();
        for (char c : plain.toCharArray()) {
            if ("({[".indexOf(c) >= 0) {
                open.push(c);
            } else if (")}]".indexOf(c) >= 0) {
                char expected = "({[".charAt(")}]".indexOf(c));
                assertTrue(!open.isEmpty() && open.pop() == expected, alert + ": unbalanced " + c + " in " + expr);
            }
        }
        assertTrue(open.isEmpty(), alert + ": unclosed " + open);
        // Label lists of by (...) and ranges [5m] hold no metric names.
        String body = plain.replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\\[[0-9]+[smh]]", "")
                .replaceAll("\\{[^}]*}", "{}");
        Set<String> metrics = new TreeSet<>();
        Matcher identifier = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b\\s*(\\{|\\()?").matcher(body);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (name.matches("[0-9.]+")) {
                continue;
            }
            if ("(".equals(identifier.group(2))) {
                assertTrue(FUNCTIONS.contains(name), alert + ": unknown function " + name);
            } else if ("{".equals(identifier.group(2))) {
                metrics.add(name);
            } else {
                assertTrue(KEYWORDS.contains(name), alert + ": " + name + " is neither a selector with labels nor a keyword");
            }
        }
        return metrics;
    }

    @Test
    void theExpressionCheckCatchesWhatPromtoolWould() {
        assertEquals(Set.of("a_total"), metricsOf("ok", "sum by (service) (rate(a_total{x=\"y)\"}[5m])) > 1"));
        for (String broken : List.of("sum(rate(a_total{x=\"y\"}[5m]) > 1", "rate(a_total{x=\"y}[5m]) > 1",
                "rates(a_total{x=\"y\"}[5m]) > 1", "a_total > 1")) {
            assertTrue(assertThrowsError(() -> metricsOf("broken", broken)), broken);
        }
    }

    private static boolean assertThrowsError(Runnable check) {
        try {
            check.run();
            return false;
        } catch (AssertionError expected) {
            return true;
        }
    }

    @Test
    void theServiceMonitorsScrapeEachServicesManagementPortOverVerifiedHttps() throws IOException {
        List<JsonNode> objects = render("""
                metrics:
                  serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}, interval: 15s}
                """);
        List<JsonNode> monitors = ofKind(objects, "ServiceMonitor");
        assertEquals(3, monitors.size());
        for (JsonNode monitor : monitors) {
            String name = monitor.path("metadata").path("name").asText();
            assertEquals("kube-prometheus-stack", monitor.path("metadata").path("labels").path("release").asText());
            JsonNode service = ofKind(objects, "Service").stream()
                    .filter(s -> s.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
            monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertEquals(label.getValue().asText(), service.path("metadata").path("labels").path(label.getKey()).asText(),
                            name + " selects its Service by " + label.getKey()));
            JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
            assertEquals("management", endpoint.path("port").asText(), "the agreed management port name");
            assertEquals("https", endpoint.path("scheme").asText());
            assertEquals("/q/metrics", endpoint.path("path").asText());
            assertEquals("15s", endpoint.path("interval").asText());
            assertEquals(name, endpoint.path("tlsConfig").path("serverName").asText(), "the certificate names the Service");
            assertEquals("userinfo-platform-tls", endpoint.path("tlsConfig").path("ca").path("secret").path("name").asText());
            assertEquals("ca.crt", endpoint.path("tlsConfig").path("ca").path("secret").path("key").asText());
        }
    }

    @Test
    void logFormatAndTracingAreValues() throws IOException {
        for (JsonNode config : ofKind(render("{}\n"), "ConfigMap")) {
            String properties = config.path("data").path("application.properties").asText();
            assertTrue(properties.contains("\nquarkus.log.console.json.enabled=true\n"), properties);
            assertFalse(properties.contains("quarkus.otel"), "no tracing without an endpoint");
        }
        List<JsonNode> traced = ofKind(render("""
                logging: {format: text}
                tracing: {endpoint: "http://otel-collector.observability:4317", samplerRatio: 0.25}
                """), "ConfigMap");
        assertEquals(3, traced.size());
        for (JsonNode config : traced) {
            String properties = config.path("data").path("application.properties").asText();
            assertTrue(properties.contains("\nquarkus.log.console.json.enabled=false\n"), properties);
            assertTrue(properties.contains("\nquarkus.otel.sdk.disabled=false\n"
                    + "quarkus.otel.exporter.otlp.traces.endpoint=http://otel-collector.observability:4317\n"
                    + "quarkus.otel.exporter.otlp.traces.protocol=grpc\n"
                    + "quarkus.otel.traces.sampler.arg=0.25\n"), properties);
        }
    }
}
