package dev.userinfo.auth.delivery;

import dev.userinfo.contracts.appevent.AppEventValidator;
import dev.userinfo.contracts.appevent.InvalidAppEvents;
import dev.userinfo.contracts.userevent.InvalidUserEvents;
import dev.userinfo.contracts.userevent.UserEventValidator;
import dev.userinfo.jwt.testing.JwksTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jose4j.jwt.JwtClaims;

/**
 * Stands in for userinfo-service or account-quota-service (outside this module) on the receiving end of the
 * user-event and app-event deliveries: HTTPS, the delivery token verified (each feed's own scope), and the receiver's
 * rule of docs/internal-contracts.md §3 and §5 — the receivers' shared validator, then apply an event only when its
 * version is newer — so the test can tell "delivered" from "applied".
 */
final class StubSubscriber implements AutoCloseable {

    /** What the subscriber holds per user after applying events: the snapshot of the newest version. */
    final Map<Long, JsonObject> users = new ConcurrentHashMap<>();
    /** (user, version) pairs applied; a pair applied twice would be a doubled effect. */
    final List<String> applied = java.util.Collections.synchronizedList(new ArrayList<>());
    /** What the subscriber holds per app (§5), like {@link #users}. */
    final Map<Long, JsonObject> apps = new ConcurrentHashMap<>();
    /** Every app event's seq in the order it arrived: the feed's order as the subscriber saw it. */
    final List<Long> appSeqs = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger ignored = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    /** Batches the receivers' shared validator refused (docs/internal-contracts.md §3): the sender broke the contract. */
    final AtomicInteger invalid = new AtomicInteger();
    /** Applies the batch, then answers 500 this many times: an acknowledgement lost on the way back. */
    final AtomicInteger loseAcknowledgements = new AtomicInteger();

    private final int port;
    private final Function<String, JwtClaims> verifier;
    private Vertx vertx;
    private HttpServer server;

    StubSubscriber(Function<String, JwtClaims> verifier) {
        this.port = freePort();
        this.verifier = verifier;
    }

    String url() {
        return "https://localhost:" + port + "/internal/user-events";
    }

    String appEventsUrl() {
        return "https://localhost:" + port + "/internal/app-events";
    }

    /** Comes up on its port; until then deliveries find nobody listening. */
    void start() throws Exception {
        vertx = Vertx.vertx();
        var tls = JwksTestServer.localTlsDir();
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("localhost").setPort(port)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.resolve("server.crt").toString())
                                .setKeyPath(tls.resolve("server.key").toString())))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    String authorization = request.getHeader("Authorization");
                    JwtClaims claims = authorization == null || !authorization.startsWith("Bearer ")
                            ? null : verifier.apply(authorization.substring(7));
                    boolean appFeed = request.path().endsWith("/app-events");
                    String scope = appFeed ? "platform.app-events" : "platform.user-events";
                    if (claims == null || !scope.equals(claims.getClaimValue("scope"))
                            || !"auth-service".equals(claims.getClaimValue("client_id"))) {
                        refused.incrementAndGet();
                        request.response().setStatusCode(401).end();
                        return;
                    }
                    try {
                        if (appFeed) {
                            AppEventValidator.read(body.toString());
                        } else {
                            UserEventValidator.read(body.toString());
                        }
                    } catch (InvalidUserEvents | InvalidAppEvents e) {
                        invalid.incrementAndGet();
                        request.response().setStatusCode(400).end();
                        return;
                    }
                    if (appFeed) {
                        applyApps(body.toJsonObject());
                        request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end("{}");
                        return;
                    }
                    synchronized (this) {
                        for (Object item : body.toJsonObject().getJsonArray("events")) {
                            JsonObject event = (JsonObject) item;
                            JsonObject user = event.getJsonObject("user");
                            long id = user.getLong("id");
                            long version = user.getLong("version");
                            received.incrementAndGet();
                            JsonObject current = users.get(id);
                            if (current != null && current.getLong("version") >= version) {
                                ignored.incrementAndGet();
                                continue;
                            }
                            users.put(id, user);
                            applied.add(id + "@" + version);
                        }
                    }
                    if (loseAcknowledgements.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        request.response().setStatusCode(500).end();
                    } else {
                        request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end("{}");
                    }
                }))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private synchronized void applyApps(JsonObject batch) {
        for (Object item : batch.getJsonArray("events")) {
            JsonObject event = (JsonObject) item;
            JsonObject app = event.getJsonObject("app");
            appSeqs.add(event.getLong("seq"));
            JsonObject current = apps.get(app.getLong("appid"));
            if (current == null || current.getLong("version") < app.getLong("version")) {
                apps.put(app.getLong("appid"), app.copy().put("type", event.getString("type")));
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
