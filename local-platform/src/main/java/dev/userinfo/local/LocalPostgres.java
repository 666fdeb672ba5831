package dev.userinfo.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server from Maven artifacts (zonky binaries): no Docker, no installed database.
 * {@code durable} keeps {@code synchronous_commit} and {@code fsync} on, as production runs.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    public static LocalPostgres start(int port, Path dataDir, boolean durable) throws IOException {
        Files.createDirectories(dataDir);
        // The server's own log beside the data directory (e.g. .local/postgres.log): errors, and the plans
        // auto_explain logs while bench/explain.sh captures them (issue #19).
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile(dataDir).toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off");
        return new LocalPostgres(builder.start());
    }

    /** Where the server of {@code dataDir} logs: {@code <dataDir>.log}. */
    public static Path logFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
