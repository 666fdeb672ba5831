package dev.userinfo.contracts.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.contracts.testing.TlsOnlyPostgres;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LISTEN/NOTIFY round trips on a real embedded PostgreSQL, one served in clear and one that accepts only TLS
 * ({@code hostssl} in its pg_hba.conf, the certificate of the local CA of scripts/local-tls.sh), as managed databases
 * with forced SSL do (issue #16 item 2).
 */
class ListenConnectionTest {

    private static final Path TLS = TlsOnlyPostgres.TLS;

    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }

    private static Map<String, String> datasource(int port) {
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.reactive.url", "vertx-reactive:postgresql://localhost:" + port + "/postgres");
        p.put("quarkus.datasource.username", "postgres");
        p.put("quarkus.datasource.password", "postgres");
        return p;
    }

    private static Map<String, String> tls(int port) {
        return TlsOnlyPostgres.datasource(port);
    }

    @Test
    void theOptionsAreTheDatasourcesIncludingItsTls() {
        PgConnectOptions options = ListenConnection.options(config(tls(6543)));
        assertEquals("localhost", options.getHost());
        assertEquals(6543, options.getPort());
        assertEquals("postgres", options.getUser());
        assertEquals("postgres", options.getPassword());
        assertEquals(SslMode.VERIFY_FULL, options.getSslMode());
        assertEquals("HTTPS", options.getHostnameVerificationAlgorithm());
        assertEquals(List.of(TLS.resolve("ca.crt").toString()),
                assertInstanceOf(PemTrustOptions.class, options.getTrustOptions()).getCertPaths());
        assertFalse(options.isTrustAll());

        Map<String, String> plain = datasource(6543);
        plain.put("quarkus.datasource.reactive.url", "postgresql://db:5433/platform?sslmode=require,postgresql://db2/platform");
        plain.put("quarkus.datasource.reactive.trust-all", "true");
        PgConnectOptions fromUrl = ListenConnection.options(config(plain));
        assertEquals("db", fromUrl.getHost());
        assertEquals(SslMode.REQUIRE, fromUrl.getSslMode(), "the URL's sslmode holds when ssl-mode is not set");
        assertTrue(fromUrl.isTrustAll());
        assertEquals("", fromUrl.getHostnameVerificationAlgorithm(), "Quarkus' default NONE: no name check");
        assertNull(fromUrl.getTrustOptions());
    }

    @Test
    void behindAPoolerTheDirectUrlNamesTheServerAndTheRestStaysTheDatasources() {
        Map<String, String> p = tls(6432);
        p.put(ListenConnection.DIRECT_URL, "postgresql://primary.db:5433/platform");
        PgConnectOptions options = ListenConnection.options(config(p));
        assertEquals("primary.db", options.getHost());
        assertEquals(5433, options.getPort());
        assertEquals("platform", options.getDatabase());
        assertEquals("postgres", options.getUser());
        assertEquals(SslMode.VERIFY_FULL, options.getSslMode(), "the direct connection keeps the datasource's TLS");
        assertEquals("HTTPS", options.getHostnameVerificationAlgorithm());

        p.put(ListenConnection.DIRECT_URL, " ");
        assertEquals(6432, ListenConnection.options(config(p)).getPort(), "empty: the pool's URL");
    }

    /** Issue #16 item 5: the pool's URL reaches no server here (a pooler in transaction mode); LISTEN goes direct. */
    @Test
    void withADirectUrlItListensOnTheServerItNames() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Map<String, String> p = datasource(1);
            p.put(ListenConnection.DIRECT_URL, "postgresql://localhost:" + postgres.getPort() + "/postgres");
            Config config = config(p);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            AtomicBoolean listening = new AtomicBoolean();
            PgSubscriber subscriber = listen(config, received, listening);
            subscriber.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await(listening);
            notify(ListenConnection.options(config), "direct");
            assertEquals("direct", received.poll(10, TimeUnit.SECONDS));
            subscriber.close();
        }
    }

    /** Subscribes with these settings; the queue receives every payload, the flag tells whether it is listening. */
    private static PgSubscriber listen(Config config, BlockingQueue<String> received, AtomicBoolean listening) {
        PgSubscriber subscriber = ListenConnection.subscriber(vertx, config);
        subscriber.channel("contract_test").subscribeHandler(v -> listening.set(true)).handler(received::add);
        subscriber.closeHandler(v -> listening.set(false));
        return subscriber;
    }

    private static void notify(PgConnectOptions options, String payload) throws Exception {
        PgConnection connection = PgConnection.connect(vertx, options).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            connection.query("SELECT pg_notify('contract_test', '" + payload + "')").execute()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            connection.close();
        }
    }

    private static void await(AtomicBoolean flag) throws InterruptedException {
        for (int i = 0; i < 200 && !flag.get(); i++) {
            Thread.sleep(50);
        }
        assertTrue(flag.get(), "listening");
    }

    @Test
    void aNotificationArrivesAndAfterALostConnectionItListensAgain() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Config config = config(datasource(postgres.getPort()));
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            AtomicBoolean listening = new AtomicBoolean();
            PgSubscriber subscriber = listen(config, received, listening);
            subscriber.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await(listening);
            PgConnectOptions options = ListenConnection.options(config);
            notify(options, "42");
            assertEquals("42", received.poll(10, TimeUnit.SECONDS));

            // The listening connection dies (failover, idle reaper): the subscriber connects and listens again.
            listening.set(false);
            PgConnection admin = PgConnection.connect(vertx, options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'")
                    .execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            admin.close();
            await(listening);
            notify(options, "after-reconnect");
            assertEquals("after-reconnect", received.poll(10, TimeUnit.SECONDS));
            subscriber.close();
        }
    }

    @Test
    void onADatabaseThatAcceptsOnlyTlsItListensWithTheDatasourcesTlsSettings(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres postgres = TlsOnlyPostgres.start(dir)) {
            // Before the fix: URL, user and password only, so the server refuses the connection (no hostssl).
            PgConnectOptions clear = ListenConnection.options(config(datasource(postgres.getPort())));
            Throwable refused = PgConnection.connect(vertx, clear).toCompletionStage().toCompletableFuture()
                    .handle((c, failure) -> failure).get(10, TimeUnit.SECONDS);
            assertNotNull(refused, "a connection in clear is refused");

            Config config = config(tls(postgres.getPort()));
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            AtomicBoolean listening = new AtomicBoolean();
            PgSubscriber subscriber = listen(config, received, listening);
            subscriber.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await(listening);
            notify(ListenConnection.options(config), "over-tls");
            assertEquals("over-tls", received.poll(10, TimeUnit.SECONDS));
            subscriber.close();
        }
    }
}
