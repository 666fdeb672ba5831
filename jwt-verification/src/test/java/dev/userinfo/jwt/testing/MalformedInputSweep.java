package dev.userinfo.jwt.testing;

import java.io.FileInputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jose4j.json.JsonUtil;

/**
 * The malformed-input sweep of issue #13: reads a service's own OpenAPI document and sends, for every operation, bad
 * path values, bad query values, bad and oversized bodies, wrong content types, wrong Accept, wrong methods and bad
 * credentials over real HTTPS (a few keep-alive connections at once). Each answer must be below 500, name no exception or stack
 * frame, and pass the service's envelope check for its path. Values stay under Vert.x's 4 KiB request line: longer
 * lines are refused by the HTTP codec itself (414, no body, connection closed) before any application code runs.
 */
public final class MalformedInputSweep {

    /** Checks one answer; returns null when it is right, else what is wrong. */
    @FunctionalInterface
    public interface EnvelopeCheck {
        String check(String method, String path, int status, String contentType, String body);
    }

    public record Result(int requests, List<String> failures) {
    }

    private static final List<String> BAD_SEGMENTS = List.of("", "abc", "-1", "0", "1.5", "99999999999999999999999",
            "%E2%98%83%F0%9F%98%80", "..%2F..%2Fetc%2Fpasswd", "%00", "%27%20OR%201%3D1--", "%7B%22a%22%3A%5B%5D%7D",
            "x".repeat(1000), "%22%3Cscript%3E", "null");
    private static final List<String> BAD_QUERY = List.of("", "abc", "-1", "99999999999999999999999", "1e400",
            "\u2603\uD83D\uDE00", "../../etc/passwd", "\u0000", "' OR 1=1--", "{\"a\":[]}", "x".repeat(1000), "[]");
    private static final List<String> BAD_BODIES = List.of("{", "{\"a\":", "[]", "\"text\"", "123", "null", "true",
            "{\"user_id\":\"x\",\"amount\":[],\"role_ids\":{}}", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            "\u0000\u0001", "<xml/>");
    private static final List<String> WRONG_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=bogus");
    private static final List<String> WRONG_ACCEPT = List.of("text/html", "application/xml", "image/png");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Anything that names the implementation; none of it belongs in an answer. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at dev.", "java.", "io.quarkus", "org.jboss",
            "io.vertx", "jakarta.", "org.hibernate", "Caused by");
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private final URL base;
    private final HttpClient client;
    private final List<String> credentials = new ArrayList<>();
    /** Requests in flight at once: enough to keep two cores busy, few enough not to trip any rate limit's burst. */
    private static final int PARALLEL = 4;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private java.util.concurrent.ExecutorService pool;

    /**
     * @param goodCredentials Authorization values that get past authentication on some paths, so the input checks
     *                        behind it are reached too; the bad ones (none, garbage, wrong Basic, expired, ill-signed)
     *                        are always added.
     */
    public MalformedInputSweep(URL base, TestTokens tokens, List<String> goodCredentials) {
        this.base = base;
        this.client = HttpClient.newBuilder().sslContext(sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        credentials.add(null);
        credentials.add("Bearer not-a-token");
        credentials.add("Basic " + java.util.Base64.getEncoder().encodeToString("nobody:wrong".getBytes(StandardCharsets.UTF_8)));
        credentials.add("Bearer " + tokens.token().subject("10001").clientId("demo-app").scope("openid profile")
                .issuedAt(java.time.Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofMinutes(10)).sign());
        // Another key under the published kid: an unknown kid would instead wait out JwksCache's refetch interval
        // (by design, covered in AccessTokenVerifierTest) and make the sweep slow without reaching anything new.
        credentials.add("Bearer " + tokens.token().subject("10001").clientId("demo-app").scope("openid profile")
                .signedWith(TestTokens.newKey(tokens.currentKey().getKeyId())).sign());
        // Issue #13, 3: right key and issuer, wrong kind of token or audience; and the two classic forgeries.
        credentials.add("Bearer " + tokens.idToken("10001", "demo-app"));
        credentials.add("Bearer " + tokens.token().subject("10001").clientId("demo-app").scope("openid profile")
                .audience("https://elsewhere.example").sign());
        credentials.add("Bearer " + tokens.token().subject("10001").clientId("demo-app").scope("openid profile").unsigned());
        credentials.add("Bearer " + tokens.token().subject("10001").clientId("demo-app").scope("openid profile")
                .hmacWithPublicKey());
        credentials.addAll(goodCredentials);
    }

    /** Sweeps every operation of {@code /q/openapi?format=json}; skips paths starting with one of {@code skip}. */
    @SuppressWarnings("unchecked")
    public Result run(EnvelopeCheck envelope, Set<String> skip) throws Exception {
        String doc = send("GET", "/q/openapi?format=json", null, null, "application/json", null).body();
        Map<String, Object> paths = (Map<String, Object>) JsonUtil.parseJson(doc).get("paths");
        pool = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL);
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        pending = sent;
        for (Map.Entry<String, Object> entry : paths.entrySet()) {
            String template = entry.getKey();
            if (skip.stream().anyMatch(template::startsWith)) {
                continue;
            }
            Map<String, Object> operations = (Map<String, Object>) entry.getValue();
            for (String method : METHODS) {
                Map<String, Object> operation = (Map<String, Object>) operations.get(method.toLowerCase());
                if (operation == null) {
                    // Wrong method on an existing path.
                    check(envelope, method, fill(template, "1"), "application/json", "{}", "application/json", credentials.get(credentials.size() - 1));
                    check(envelope, method, fill(template, "1"), null, null, "application/json", null);
                    continue;
                }
                sweep(envelope, method, template, operations, operation);
            }
        }
        for (java.util.concurrent.Future<?> answer : sent) {
            answer.get();
        }
        pool.shutdown();
        System.out.printf("malformed-input sweep of %s: %d requests, %d bad answers%n", base, requests.get(), failures.size());
        return new Result(requests.get(), List.copyOf(failures));
    }

    @SuppressWarnings("unchecked")
    private void sweep(EnvelopeCheck envelope, String method, String template, Map<String, Object> pathItem,
                       Map<String, Object> operation) throws Exception {
        List<Map<String, Object>> params = new ArrayList<>();
        for (Object list : new Object[]{pathItem.get("parameters"), operation.get("parameters")}) {
            if (list instanceof List<?> l) {
                l.forEach(p -> params.add((Map<String, Object>) p));
            }
        }
        boolean hasBody = operation.containsKey("requestBody") || Set.of("POST", "PUT", "PATCH").contains(method);
        String bodyType = bodyType(operation);
        String goodBody = hasBody ? ("application/x-www-form-urlencoded".equals(bodyType) ? "a=1" : "{}") : null;
        // Bad path values, with every credential.
        List<String> segments = PARAM.matcher(template).find() ? BAD_SEGMENTS : List.of("1");
        for (String segment : segments) {
            for (String credential : credentials) {
                check(envelope, method, fill(template, segment), hasBody ? bodyType : null, goodBody, "application/json", credential);
            }
        }
        // Bad query values for each declared query parameter, with each credential.
        String path = fill(template, "1");
        for (Map<String, Object> p : params) {
            if (!"query".equals(p.get("in"))) {
                continue;
            }
            for (String value : BAD_QUERY) {
                String query = "?" + p.get("name") + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                for (String credential : credentials) {
                    check(envelope, method, path + query, hasBody ? bodyType : null, goodBody, "application/json", credential);
                }
            }
        }
        // Bad, empty and oversized bodies; wrong content types.
        String good = credentials.get(credentials.size() - 1);
        List<String> bodies = new ArrayList<>(BAD_BODIES);
        bodies.add("");
        bodies.add("{\"a\":\"" + "x".repeat(1_200_000) + "\"}");
        for (String body : bodies) {
            for (String credential : List.of(good, credentials.get(1))) {
                check(envelope, method, path, bodyType, body, "application/json", credential);
            }
        }
        for (String type : WRONG_TYPES) {
            check(envelope, method, path, type, "{\"a\":1}", "application/json", good);
        }
        // Wrong Accept.
        for (String accept : WRONG_ACCEPT) {
            check(envelope, method, path, hasBody ? bodyType : null, goodBody, accept, good);
        }
    }

    @SuppressWarnings("unchecked")
    private static String bodyType(Map<String, Object> operation) {
        Object body = operation.get("requestBody");
        if (body instanceof Map<?, ?> b && b.get("content") instanceof Map<?, ?> content && !content.isEmpty()) {
            return (String) content.keySet().iterator().next();
        }
        return "application/json";
    }

    private static String fill(String template, String value) {
        return PARAM.matcher(template).replaceAll(Matcher.quoteReplacement(value));
    }

    private List<java.util.concurrent.Future<?>> pending;

    /** Queues one request on the pool; its answer is checked there. */
    private void check(EnvelopeCheck envelope, String method, String path, String contentType, String body, String accept,
                       String credential) {
        pending.add(pool.submit(() -> {
            try {
                checkNow(envelope, method, path, contentType, body, accept, credential);
            } catch (Exception e) {
                failures.add("sweep could not send " + method + " " + abbreviate(path) + ": " + e);
            }
        }));
    }

    private void checkNow(EnvelopeCheck envelope, String method, String path, String contentType, String body, String accept,
                          String credential) throws Exception {
        HttpResponse<String> response = send(method, path, contentType, body, accept, credential);
        int status = response.statusCode();
        if (status == 0 && body != null && body.length() > 1_000_000) {
            // The server answered 413 and closed while the client was still sending: the client lost the race.
            return;
        }
        String type = response.headers().firstValue("content-type").orElse("");
        String text = response.body() == null ? "" : response.body();
        String where = method + " " + abbreviate(path) + " [" + abbreviate(String.valueOf(contentType)) + ", accept "
                + accept + ", " + (credential == null ? "no credential" : abbreviate(credential)) + ", body "
                + abbreviate(String.valueOf(body)) + "] -> " + status + " " + type + " " + abbreviate(text);
        if (status >= 500) {
            failures.add("5xx: " + where);
        }
        for (String leak : LEAKS) {
            if (text.contains(leak)) {
                failures.add("names '" + leak + "': " + where);
                break;
            }
        }
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String problem = envelope.check(method, rawPath, status, type, text);
        if (problem != null) {
            failures.add(problem + ": " + where);
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String accept,
                                      String credential) throws Exception {
        requests.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + base.getPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (credential != null) {
            request.header("Authorization", credential);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closed) {
            // A server may close the connection on an oversized body before reading it; that is not a 5xx.
            return new ClosedResponse(path);
        }
    }

    private static String abbreviate(String s) {
        String flat = s.replace("\n", "\\n");
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "…(" + flat.length() + ")";
    }

    private static SSLContext sslContext() {
        try (FileInputStream in = new FileInputStream(JwksTestServer.localTlsDir().resolve("ca.p12").toFile())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, "changeit".toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("local CA not readable", e);
        }
    }

    /** Stands for a connection the server closed without an answer (status 0: not a 5xx, no body). */
    private record ClosedResponse(String path) implements HttpResponse<String> {
        public int statusCode() { return 0; }
        public HttpRequest request() { return null; }
        public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return ""; }
        public Optional<javax.net.ssl.SSLSession> sslSession() { return Optional.empty(); }
        public URI uri() { return URI.create("https://localhost" + path); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }

    /** Parses a JSON object body, or null when it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> jsonObject(String body) {
        try {
            return new LinkedHashMap<>(JsonUtil.parseJson(body));
        } catch (Exception e) {
            return null;
        }
    }
}
