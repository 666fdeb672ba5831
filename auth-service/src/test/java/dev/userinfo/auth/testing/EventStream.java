package dev.userinfo.auth.testing;

import dev.userinfo.jwt.testing.JwksTestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A signed-in page's event stream ({@code GET /me/events}) read the way EventSource reads it, over real HTTPS:
 * each event's name and data, in order. {@link #close()} is the page closing.
 */
public final class EventStream implements AutoCloseable {

    public record Event(String name, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
    }

    /** Opens the stream with this session cookie; the status is {@link #status()} (200 or 401). */
    public static EventStream open(URL base, String sessionCookie, String acceptLanguage) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + base.getPort() + "/me/events"))
                    .header("Accept", "text/event-stream").header("Accept-Language", acceptLanguage);
            if (sessionCookie != null) {
                request.header("Cookie", "__Host-session=" + sessionCookie);
            }
            HttpResponse<Stream<String>> response = client().send(request.build(), HttpResponse.BodyHandlers.ofLines());
            EventStream stream = new EventStream(response);
            if (response.statusCode() == 200) {
                CompletableFuture.runAsync(stream::read);
            }
            return stream;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private void read() {
        String name = "message";
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    events.add(new Event(name, data.toString()));
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException closed) {
            // The stream ended (closed by us or by the server).
        }
        events.add(new Event("closed", ""));
    }

    /** The next event named {@code name} within the timeout (others are skipped), or null. */
    public Event next(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
                if (event == null || event.name().equals(name)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        response.body().close();
    }

    private static HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(JwksTestServer.localTlsDir().resolve("ca.p12"))) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
