package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.local.LocalPlatform;
import dev.userinfo.local.LocalPostgres;
import dev.userinfo.local.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #16, 6: a pod stopped by a rollout or a scale-in drops nothing. The packaged auth-service (local profile, its
 * own embedded PostgreSQL) gets SIGTERM while a request is in flight (its body still arriving) and a signed-in page's
 * event stream is open. Readiness turns DOWN, the stream ends cleanly with an SSE retry hint, the in-flight request
 * completes, requests still arriving are answered in full, and once the process has exited a new connection is
 * refused, never reset mid-response. The shutdown delay and timeout are shortened here (prod: 5 s and 20 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RETRY = Pattern.compile("^retry: ?(\\d+)$");

    private final Path work = Path.of("target/shutdown-it").toAbsolutePath();
    private LocalPostgres postgres;
    private ServiceProcess auth;
    private HttpClient client;
    private SSLContext tls;
    private int port;

    @BeforeAll
    void start() throws Exception {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        PlatformIT.deleteRecursively(work);
        tls = LocalPlatform.trustingContext(root.resolve(".local/tls/ca.crt"));
        client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        postgres = LocalPostgres.start(freePort(), work.resolve("postgres"), false);
        port = freePort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.profile", "local");
        properties.put("platform.root", root.toString());
        properties.put("platform.local-postgres.port", Integer.toString(postgres.port()));
        properties.put("auth.issuer", "https://localhost:" + port);
        properties.put("quarkus.shutdown.delay", "2s");
        properties.put("quarkus.shutdown.timeout", "15s");
        // Nobody listens for user events in this test: deliveries fail quietly on a port of no one's.
        String nowhere = "https://localhost:" + freePort();
        properties.put("auth.delivery.subscribers.userinfo-service.url", nowhere + "/internal/user-events");
        properties.put("auth.delivery.subscribers.userinfo-service.app-events-url", nowhere + "/internal/app-events");
        properties.put("auth.delivery.subscribers.account-quota-service.url", nowhere + "/internal/user-events");
        auth = ServiceProcess.start(root, LocalPlatform.AUTH, port, properties, List.of("-Xmx384m"), work.resolve("logs"));
        auth.awaitReady(client, Duration.ofSeconds(120));
    }

    @AfterAll
    void stop() throws IOException {
        if (auth != null) {
            auth.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void sigtermDrainsRequestsInFlightEndsStreamsWithARetryHintThenRefusesConnections() throws Exception {
        String cookies = new PageClient(client, auth.url()).sessionCookies("alice", "alice-password");
        EventStream stream = EventStream.open(client, auth.url(), cookies);
        stream.awaitEvent("prompts", Duration.ofSeconds(30));

        String body = "grant_type=client_credentials";
        String basic = java.util.Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8));
        try (Socket slow = tls.getSocketFactory().createSocket("localhost", port)) {
            slow.setSoTimeout(30_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /oauth2/token HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Authorization: Basic " + basic + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The server has the request line and headers: the request is in flight, waiting for the rest of its body.
            Thread.sleep(1000);

            auth.terminate();

            assertEquals(503, awaitReadinessDown(), "readiness turns DOWN first");
            assertTrue(stream.awaitEnd(Duration.ofSeconds(10)), "the open stream ends at SIGTERM");
            assertTrue(stream.endedCleanly(), () -> "the stream ended with an error: " + stream.failure);
            long retry = stream.retryMillis();
            assertTrue(retry >= 2000 && retry <= 4000, "retry hint within auth.prompts.reconnect-delay (2 s) and twice it: " + retry);

            // A page that reconnects to this pod while it stops gets the hint at once rather than an error status
            // (an EventSource would give up on a 503).
            EventStream late = EventStream.open(client, auth.url(), cookies);
            assertTrue(late.awaitEnd(Duration.ofSeconds(10)), "a stream opened while stopping ends at once");
            assertTrue(late.endedCleanly() && late.retryMillis() > 0, () -> "late stream: " + late.lines + " " + late.failure);

            // Still draining: a request arriving now is answered in full (HTTP/1.1 with Connection: close, HTTP/2 with GOAWAY).
            HttpResponse<String> during = client.send(HttpRequest.newBuilder(
                    URI.create(auth.url() + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, during.statusCode());
            assertEquals("https://localhost:" + port, JSON.readTree(during.body()).path("issuer").asText());

            out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answer answer = Answer.read(slow.getInputStream());
            assertEquals(200, answer.status, answer.body);
            JsonNode token = JSON.readTree(answer.body);
            assertFalse(token.path("access_token").asText().isEmpty(), "the in-flight request completed: " + answer.body);
        }

        assertTrue(auth.awaitExit(Duration.ofSeconds(30)), "exits once the request in flight is done");
        assertThrows(ConnectException.class, () -> new Socket("localhost", port).close(), "then new connections are refused");
        String log = Files.readString(auth.log());
        assertFalse(log.contains("Timed out waiting for graceful shutdown"), "the drain finished before the timeout");
    }

    /** Polls readiness until it is no longer UP: its status (503), or the last one seen. */
    private int awaitReadinessDown() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = client.send(HttpRequest.newBuilder(URI.create(auth.url() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                Thread.sleep(100);
            }
        }
        return status;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A signed-in page's {@code GET /me/events}, its lines collected as they come and how it ended. */
    private static final class EventStream {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> end = new CompletableFuture<>();
        volatile Throwable failure;

        static EventStream open(HttpClient client, String base, String cookies) {
            EventStream stream = new EventStream();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/me/events"))
                    .header("Accept", "text/event-stream").header("Cookie", cookies).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).whenComplete((response, failure) -> {
                if (failure != null) {
                    stream.failure = failure;
                    stream.end.complete(null);
                    return;
                }
                stream.lines.add("status " + response.statusCode());
                try {
                    response.body().forEach(stream.lines::add);
                } catch (RuntimeException e) {
                    stream.failure = e;
                }
                stream.end.complete(null);
            });
            return stream;
        }

        void awaitEvent(String name, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!hasEvent(name) && System.nanoTime() < deadline && !end.isDone()) {
                Thread.sleep(50);
            }
            assertTrue(hasEvent(name), "stream lines: " + lines + " " + failure);
        }

        private boolean hasEvent(String name) {
            return lines.stream().anyMatch(line -> line.replace(" ", "").equals("event:" + name));
        }

        boolean awaitEnd(Duration timeout) throws Exception {
            try {
                end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
        }

        boolean endedCleanly() {
            return failure == null && lines.contains("status 200");
        }

        long retryMillis() {
            return lines.stream().map(RETRY::matcher).filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1)))
                    .reduce((first, last) -> last).orElse(-1);
        }
    }

    /** An HTTP/1.1 response read from a socket: status, headers (lower-case names) and its whole body. */
    private record Answer(int status, Map<String, String> headers, String body) {

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                // RFC 9112 §7.1: chunks until the last (size 0), then the (empty) trailer section.
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    body.write(whole(in, size));
                    line(in);
                }
                line(in);
            } else {
                body.write(whole(in, Integer.parseInt(headers.getOrDefault("content-length", "0"))));
            }
            return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        private static byte[] whole(InputStream in, int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            assertEquals(length, bytes.length, "the response body arrived whole");
            return bytes;
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response after: " + line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
