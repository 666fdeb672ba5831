package dev.userinfo.contracts.listen;

import io.vertx.core.Vertx;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The one connection a pod holds for PostgreSQL LISTEN (userinfo's profile change feed, auth's prompt channel). The
 * reactive pool cannot LISTEN (a notification arrives on the connection that listened), so this connection is opened
 * apart, with the same settings Quarkus gives the pool: URL, user, password and the
 * {@code quarkus.datasource.reactive.*} TLS options, so a database that requires TLS accepts it too (issue #16 item 2).
 * Behind PgBouncer in transaction mode LISTEN needs a session of its own on PostgreSQL itself: {@value #DIRECT_URL}
 * then names that server, and only its address replaces the pool's (issue #16 item 5).
 */
public final class ListenConnection {

    private static final String DS = "quarkus.datasource.";
    private static final String REACTIVE = DS + "reactive.";
    /** A postgresql:// URL of the database itself, bypassing a pooler; empty means the pool's URL. */
    public static final String DIRECT_URL = "platform.database.direct-url";

    private ListenConnection() {
    }

    /**
     * A subscriber on the default datasource that reconnects for ever, at most every 2 s; the caller adds its channel
     * and handlers, then connects. Notifications sent while it is not listening are lost: callers resync on subscribe.
     */
    public static PgSubscriber subscriber(Vertx vertx, Config config) {
        return PgSubscriber.subscriber(vertx, options(config))
                .reconnectPolicy(retries -> Math.min(2000L, 100L * (retries + 1)));
    }

    /**
     * The default datasource's connect options as Quarkus' reactive PostgreSQL client reads them: the first URL of
     * {@code quarkus.datasource.reactive.url}, or {@value #DIRECT_URL} when set (its query may carry {@code sslmode}),
     * {@code username}, {@code password},
     * {@code postgresql.ssl-mode}, {@code trust-all}, {@code trust-certificate-pem|jks|pfx},
     * {@code key-certificate-pem|jks|pfx} and {@code hostname-verification-algorithm}.
     */
    public static PgConnectOptions options(Config config) {
        String url = string(config, DIRECT_URL).or(() -> string(config, REACTIVE + "url"))
                .orElse("postgresql://localhost:5432/postgres").split(",")[0].trim();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        string(config, DS + "username").ifPresent(options::setUser);
        string(config, DS + "password").ifPresent(options::setPassword);
        string(config, REACTIVE + "postgresql.ssl-mode")
                .ifPresent(mode -> options.setSslMode(SslMode.of(mode.toLowerCase(Locale.ROOT).replace('_', '-'))));
        if (flag(config, REACTIVE + "trust-all")) {
            options.setTrustAll(true);
        }
        if (flag(config, REACTIVE + "trust-certificate-pem")) {
            PemTrustOptions pem = new PemTrustOptions();
            list(config, REACTIVE + "trust-certificate-pem.certs").forEach(pem::addCertPath);
            options.setTrustOptions(pem);
        }
        if (flag(config, REACTIVE + "trust-certificate-jks")) {
            options.setTrustOptions(jks(config, REACTIVE + "trust-certificate-jks"));
        }
        if (flag(config, REACTIVE + "trust-certificate-pfx")) {
            options.setTrustOptions(pfx(config, REACTIVE + "trust-certificate-pfx"));
        }
        if (flag(config, REACTIVE + "key-certificate-pem")) {
            PemKeyCertOptions pem = new PemKeyCertOptions();
            list(config, REACTIVE + "key-certificate-pem.keys").forEach(pem::addKeyPath);
            list(config, REACTIVE + "key-certificate-pem.certs").forEach(pem::addCertPath);
            options.setKeyCertOptions(pem);
        }
        if (flag(config, REACTIVE + "key-certificate-jks")) {
            options.setKeyCertOptions(jks(config, REACTIVE + "key-certificate-jks"));
        }
        if (flag(config, REACTIVE + "key-certificate-pfx")) {
            options.setKeyCertOptions(pfx(config, REACTIVE + "key-certificate-pfx"));
        }
        // Quarkus' default is NONE (no check), its value for "" in Vert.x; HTTPS checks the name (RFC 2818 §3.1).
        String algorithm = string(config, REACTIVE + "hostname-verification-algorithm").orElse("NONE");
        options.setHostnameVerificationAlgorithm("NONE".equalsIgnoreCase(algorithm) ? "" : algorithm);
        return options;
    }

    private static JksOptions jks(Config config, String prefix) {
        JksOptions jks = new JksOptions();
        string(config, prefix + ".path").ifPresent(jks::setPath);
        string(config, prefix + ".password").ifPresent(jks::setPassword);
        return jks;
    }

    private static PfxOptions pfx(Config config, String prefix) {
        PfxOptions pfx = new PfxOptions();
        string(config, prefix + ".path").ifPresent(pfx::setPath);
        string(config, prefix + ".password").ifPresent(pfx::setPassword);
        return pfx;
    }

    private static Optional<String> string(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static boolean flag(Config config, String key) {
        return string(config, key).map(Boolean::parseBoolean).orElse(false);
    }

    private static List<String> list(Config config, String key) {
        return string(config, key).map(s -> List.of(s.split("\\s*,\\s*"))).orElse(List.of());
    }
}
