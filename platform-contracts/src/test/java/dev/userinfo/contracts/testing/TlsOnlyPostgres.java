package dev.userinfo.contracts.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * A real embedded PostgreSQL that accepts only TLS: {@code ssl=on} with the server certificate of the local CA of
 * scripts/local-tls.sh and a pg_hba.conf of {@code hostssl} lines only, as a managed database with forced SSL
 * (issue #16 item 2). As a Quarkus test resource it points the service's datasource at it with verify-full TLS
 * against that CA, for the JDBC URL (Flyway) and the reactive pool alike; {@link #start(Path)} serves plain tests.
 */
public class TlsOnlyPostgres implements QuarkusTestResourceLifecycleManager {

    /** .local/tls of the checkout: the tests run with the module as working directory (or platform.root). */
    public static final Path TLS = Path.of(System.getProperty("platform.root", ".."), ".local", "tls").toAbsolutePath();

    private EmbeddedPostgres postgres;
    private Path dir;

    /** Starts a server whose configuration files go to {@code dir}; it refuses every connection in clear. */
    public static EmbeddedPostgres start(Path dir) throws IOException {
        // PostgreSQL refuses a key file others can read.
        Path key = Files.copy(TLS.resolve("server.key"), dir.resolve("server.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path hba = Files.writeString(dir.resolve("pg_hba.conf"), """
                local all all trust
                hostssl all all 127.0.0.1/32 trust
                hostssl all all ::1/128 trust
                """);
        return EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", TLS.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", key.toString())
                .setServerConfig("hba_file", hba.toString())
                .start();
    }

    /** The default datasource on this server over verify-full TLS, as the chart configures it (deploy/README.md). */
    public static Map<String, String> datasource(int port) {
        String ca = TLS.resolve("ca.crt").toString();
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.username", "postgres");
        p.put("quarkus.datasource.password", "postgres");
        p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port
                + "/postgres?stringtype=unspecified&sslmode=verify-full&sslrootcert=" + ca);
        p.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres");
        p.put("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full");
        p.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
        p.put("quarkus.datasource.reactive.trust-certificate-pem.certs", ca);
        p.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
        return p;
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("tls-only-postgres");
            postgres = start(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return datasource(postgres.getPort());
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
