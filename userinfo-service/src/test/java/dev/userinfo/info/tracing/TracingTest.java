package dev.userinfo.info.tracing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.JwksTestServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry once an OTLP endpoint is set (issue #16 item 9): a request produces spans, and the call it makes to
 * auth-service carries the request's trace in a W3C traceparent header. The collector is outside the project, so
 * {@link OtlpReceiver} stands in for it (OTLP over HTTP/protobuf, bodies kept unparsed); auth-service is
 * JwksTestResource's stand-in, which records the header.
 */
@QuarkusTest
@TestProfile(TracingTest.Tracing.class)
class TracingTest extends ServiceTest {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");

    /** What the chart's tracing.endpoint turns on, with a short export delay so the test waits little. */
    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The log file as JSON (the chart's logging.format json), to find the trace id in a line's MDC.
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.bsp.schedule.delay", "100ms",
                    "quarkus.log.file.json.enabled", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtlpReceiver.class));
        }
    }

    /** An OTLP/HTTP endpoint ({@code POST /v1/traces}) that keeps each export's body. */
    public static class OtlpReceiver implements QuarkusTestResourceLifecycleManager {
        static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();
        private Vertx vertx;

        @Override
        public Map<String, String> start() {
            vertx = Vertx.vertx();
            try {
                HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                    if ("/v1/traces".equals(request.path())) {
                        EXPORTS.add(body.getBytes());
                    }
                    request.response().putHeader("Content-Type", "application/x-protobuf").end();
                })).listen(0, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:" + server.actualPort());
            } catch (Exception e) {
                throw new IllegalStateException("OTLP receiver did not start", e);
            }
        }

        @Override
        public void stop() {
            vertx.close();
        }
    }

    @Test
    void aRequestIsTracedAndItsCallToAuthServiceCarriesTheTrace() throws Exception {
        JwksTestServer authService = JwksTestResource.server();
        authService.promptReset();
        // Seed 000's tokenless call: userinfo-service asks auth-service to open a prompt (docs/internal-contracts.md §4).
        given().urlEncodingEnabled(false).get("/chatroom/api/account/info?client_id=demo-app"
                + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=user_info_read").then().statusCode(401);
        String traceparent = authService.promptRequests().get(0).traceparent();
        assertNotNull(traceparent, "the call to auth-service carries a W3C traceparent (Trace Context §3.2)");
        Matcher header = TRACEPARENT.matcher(traceparent);
        assertTrue(header.matches(), traceparent);
        byte[] traceId = HexFormat.of().parseHex(header.group(1));

        // Exported spans (protobuf: ids as raw bytes) of that trace: the request's server span and the call's client
        // span, so the call ran inside the request's trace rather than starting its own.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (OtlpReceiver.EXPORTS.stream().mapToInt(body -> occurrences(body, traceId)).sum() < 2) {
            assertTrue(System.nanoTime() < deadline, "no exported span of trace " + header.group(1) + " within 15 s ("
                    + OtlpReceiver.EXPORTS.size() + " exports)");
            Thread.sleep(100);
        }
    }

    @Test
    void aLogLineWrittenWhileServingARequestCarriesItsTraceId() throws Exception {
        JwksTestServer authService = JwksTestResource.server();
        authService.promptReset();
        authService.promptUnanswered();
        try {
            // auth-service does not answer: userinfo-service logs a WARN while serving the request.
            given().urlEncodingEnabled(false).get("/chatroom/api/account/info?client_id=demo-app"
                    + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=user_info_read").then().statusCode(401);
            Matcher header = TRACEPARENT.matcher(String.valueOf(authService.promptRequests().get(0).traceparent()));
            assertTrue(header.matches());
            List<String> lines = Files.readAllLines(Path.of("target/quarkus-test.log"));
            assertTrue(lines.stream().anyMatch(line -> line.contains("Authorization prompt not opened")
                    && line.contains("\"traceId\":\"" + header.group(1) + "\"")), "no JSON log line with trace " + header.group(1));
        } finally {
            authService.promptReset();
        }
    }

    private static int occurrences(byte[] body, byte[] part) {
        int found = 0;
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }
}
