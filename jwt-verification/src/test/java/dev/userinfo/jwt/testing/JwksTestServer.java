package dev.userinfo.jwt.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for auth-service in a resource service's own tests (the cross-service tests in integration-tests use
 * the real one): serves {@link TestTokens}' JWKS, a revocation feed, token introspection for personal access
 * tokens and a scriptable authorization-prompt trigger, over HTTPS with the local test certificate, in the wire
 * format of docs/internal-contracts.md. It is outside the service under test: what it answers is the test's script,
 * not auth-service's rules.
 */
public final class JwksTestServer implements AutoCloseable {

    public static final String PATH = "/.well-known/jwks.json";
    public static final String FEED_PATH = "/internal/revocations";
    public static final String INTROSPECTION_PATH = "/oauth2/introspect";
    public static final String PROMPTS_PATH = "/internal/prompts";
    /** The app secret the default prompt answer accepts as proof (auth-service checks the real one). */
    public static final String PROMPT_APP_SECRET = "app-secret";
    /** The credentials the resource service under test presents (platform.jwt.client-id / client-secret). */
    public static final String CLIENT_ID = "resource-service-under-test";
    public static final String CLIENT_SECRET = "test-only-feed-secret";
    private static final String EXPECTED_AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString(
            (URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));

    private final List<JsonObject> revocations = new ArrayList<>();
    private final Map<String, JsonObject> personalTokens = new ConcurrentHashMap<>();
    private volatile boolean authServiceUp = true;
    /** Open connections: going down ends them too, as a stopped auth-service would (long polls included). */
    private final java.util.Set<io.vertx.core.http.HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger introspections = new AtomicInteger();

    /**
     * One call of {@code POST /internal/prompts}: its JSON body (null when not a JSON object), its credentials, and its
     * W3C Trace Context header (null unless the caller traces).
     */
    public record PromptRequest(JsonObject body, boolean basicAuthMatched, String traceparent) {
    }

    /** A scripted answer; {@code status} 0 closes the connection unanswered. */
    private record PromptAnswer(int status, String json, Map<String, String> headers) {
    }

    private final List<PromptRequest> promptRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger promptIds = new AtomicInteger();
    /** Null: the default answer, 200 with a fresh request id, an authorization URL and {@code prompted} false. */
    private volatile PromptAnswer promptAnswer;
    private volatile Duration promptDelay = Duration.ZERO;

    private final Vertx vertx = Vertx.vertx();
    private final TestTokens tokens;
    private final AtomicInteger fetches = new AtomicInteger();
    private final HttpServer server;

    public JwksTestServer(TestTokens tokens, Path tlsDir) {
        this.tokens = tokens;
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setHost("localhost").setPort(0)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tlsDir.resolve("server.crt").toString())
                        .setKeyPath(tlsDir.resolve("server.key").toString()));
        try {
            server = vertx.createHttpServer(options)
                    .connectionHandler(connection -> {
                        connections.add(connection);
                        connection.closeHandler(ignored -> connections.remove(connection));
                    })
                    .requestHandler(request -> {
                        if (!authServiceUp) {
                            request.connection().close();
                        } else if (PATH.equals(request.path())) {
                            fetches.incrementAndGet();
                            request.response().putHeader("Content-Type", "application/json").end(tokens.jwksJson());
                        } else if (FEED_PATH.equals(request.path())) {
                            feed(request);
                        } else if (INTROSPECTION_PATH.equals(request.path())) {
                            request.setExpectMultipart(true).endHandler(ignored -> introspect(request));
                        } else if (PROMPTS_PATH.equals(request.path()) && request.method() == HttpMethod.POST) {
                            request.body().onSuccess(body -> prompt(request, body));
                        } else {
                            request.response().setStatusCode(404).end();
                        }
                    })
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("JWKS test server did not start", e);
        }
    }

    public String jwksUrl() {
        return "https://localhost:" + server.actualPort() + PATH;
    }

    public String feedUrl() {
        return "https://localhost:" + server.actualPort() + FEED_PATH;
    }

    public String introspectionUrl() {
        return "https://localhost:" + server.actualPort() + INTROSPECTION_PATH;
    }

    public String promptsUrl() {
        return "https://localhost:" + server.actualPort() + PROMPTS_PATH;
    }

    /** From now on {@code POST /internal/prompts} answers {@code status} with this JSON body and these headers. */
    public void promptAnswer(int status, String json, Map<String, String> headers) {
        promptAnswer = new PromptAnswer(status, json, Map.copyOf(headers));
    }

    /** From now on {@code POST /internal/prompts} closes the connection without an answer. */
    public void promptUnanswered() {
        promptAnswer = new PromptAnswer(0, null, Map.of());
    }

    /** From now on every prompt answer (scripted or default) is sent only after {@code delay}. */
    public void promptDelay(Duration delay) {
        promptDelay = delay;
    }

    /** Back to the default answer without delay, and forgets the requests received so far. */
    public void promptReset() {
        promptAnswer = null;
        promptDelay = Duration.ZERO;
        promptRequests.clear();
    }

    /** The prompt requests received since the last {@link #promptReset()}, oldest first. */
    public List<PromptRequest> promptRequests() {
        return List.copyOf(promptRequests);
    }

    /** Publishes one revocation rule, as auth-service does on a revoke, disable or consent withdrawal. */
    public synchronized void revoke(String kind, String jti, String gid, String sub, String clientId, Instant issuedBefore) {
        revocations.add(new JsonObject().put("seq", (long) revocations.size() + 1).put("kind", kind).put("jti", jti)
                .put("gid", gid).put("sub", sub).put("client_id", clientId)
                .put("issued_before", issuedBefore == null ? null : issuedBefore.toString())
                .put("expires_at", Instant.now().plusSeconds(3600).toString()));
    }

    /** Makes {@code token} an active personal access token of user {@code sub}, with id {@code id}. */
    public void personalToken(String token, String id, String sub, String scopes) {
        long now = Instant.now().getEpochSecond();
        personalTokens.put(token, new JsonObject().put("active", true).put("client_id", "personal-access-token")
                .put("sub", sub).put("jti", id).put("scope", scopes).put("iat", now - 60).put("exp", now + 3600)
                .put("token_type", "Bearer"));
    }

    /** While down, every connection is closed unanswered, as if auth-service had stopped. */
    public void authServiceUp(boolean up) {
        authServiceUp = up;
        if (!up) {
            connections.forEach(io.vertx.core.http.HttpConnection::close);
        }
    }

    public int introspections() {
        return introspections.get();
    }

    private void feed(HttpServerRequest request) {
        if (!EXPECTED_AUTHORIZATION.equals(request.getHeader("Authorization"))) {
            request.response().setStatusCode(401).putHeader("Content-Type", "application/json").end("{\"error\":\"invalid_client\"}");
            return;
        }
        long after = Long.parseLong(request.getParam("after", "0"));
        long waitSeconds = Long.parseLong(request.getParam("wait", "0"));
        Runnable answer = () -> {
            JsonArray page = new JsonArray();
            long last;
            synchronized (this) {
                revocations.stream().filter(rule -> rule.getLong("seq") > after).forEach(page::add);
                last = Math.max(after, revocations.size());
            }
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("revocations", page).put("last_seq", last).put("more", false).encode());
        };
        // A long poll: looked at every 20 ms on this server's event loop until a rule is there or the wait is over.
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        if (newerThan(after) || waitSeconds == 0) {
            answer.run();
            return;
        }
        vertx.setPeriodic(20, id -> {
            if (newerThan(after) || System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                answer.run();
            }
        });
    }

    private synchronized boolean newerThan(long after) {
        return revocations.size() > after;
    }

    private void introspect(HttpServerRequest request) {
        introspections.incrementAndGet();
        if (!EXPECTED_AUTHORIZATION.equals(request.getHeader("Authorization"))) {
            request.response().setStatusCode(401).putHeader("Content-Type", "application/json").end("{\"error\":\"invalid_client\"}");
            return;
        }
        JsonObject known = personalTokens.get(String.valueOf(request.getFormAttribute("token")));
        request.response().putHeader("Content-Type", "application/json")
                .end(known == null ? "{\"active\":false}" : known.encode());
    }

    private void prompt(HttpServerRequest request, Buffer raw) {
        JsonObject body;
        try {
            body = raw.toJsonObject();
        } catch (RuntimeException notAnObject) {
            body = null;
        }
        boolean matched = EXPECTED_AUTHORIZATION.equals(request.getHeader("Authorization"));
        promptRequests.add(new PromptRequest(body, matched, request.getHeader("traceparent")));
        PromptAnswer answer = promptAnswer;
        if (!matched) {
            // As auth-service: a caller with wrong credentials gets invalid_client, whatever the script says.
            answer = new PromptAnswer(401, "{\"error\":\"invalid_client\"}", Map.of());
        } else if (answer == null) {
            answer = new PromptAnswer(200, defaultPromptAnswer(body), Map.of());
        }
        PromptAnswer chosen = answer;
        Runnable send = () -> {
            if (chosen.status() == 0) {
                request.connection().close();
                return;
            }
            if (request.response().closed()) {
                return; // the caller gave up waiting
            }
            request.response().setStatusCode(chosen.status()).putHeader("Content-Type", "application/json");
            chosen.headers().forEach(request.response()::putHeader);
            request.response().end(chosen.json() == null ? "" : chosen.json());
        };
        long delayMillis = promptDelay.toMillis();
        if (delayMillis > 0) {
            vertx.setTimer(delayMillis, id -> send.run());
        } else {
            send.run();
        }
    }

    /** auth-service's 200 in shape: a new request id and an authorization URL at the issuer built from the body. */
    /**
     * As auth-service answers (docs/internal-contracts.md §4): a proven call (proof client_token, or client_secret
     * {@link #PROMPT_APP_SECRET}) gets a request; any other gets a state-less URL, prompted false, proven false.
     */
    private String defaultPromptAnswer(JsonObject body) {
        JsonObject in = body == null ? new JsonObject() : body;
        boolean proven = "client_token".equals(in.getValue("proof"))
                || ("client_secret".equals(in.getValue("proof")) && PROMPT_APP_SECRET.equals(in.getValue("client_secret")));
        int id = promptIds.incrementAndGet();
        String url = tokens.issuer() + "/oauth2/authorize?response_type=code"
                + "&client_id=" + encode(in.getValue("client_id"))
                + "&redirect_uri=" + encode(in.getValue("redirect_uri"))
                + "&scope=" + encode(in.getValue("scope"));
        if (!proven) {
            return new JsonObject().put("authorize_url", url).put("prompted", false).put("proven", false).encode();
        }
        return new JsonObject().put("request_id", "pr_test_" + id).put("authorize_url", url + "&state=test-state-" + id)
                .put("prompted", false).put("expires_in", 120).put("proven", true).encode();
    }

    private static String encode(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** How many times the JWKS was fetched: shows caching and rate limiting. */
    public int fetches() {
        return fetches.get();
    }

    public TestTokens tokens() {
        return tokens;
    }

    /** The local TLS directory (generated by scripts/local-tls.sh during the build). */
    public static Path localTlsDir() {
        String root = System.getProperty("platform.root", "..");
        return Path.of(root, ".local", "tls").toAbsolutePath().normalize();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        vertx.close();
    }
}
