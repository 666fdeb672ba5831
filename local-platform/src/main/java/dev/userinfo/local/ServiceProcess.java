package dev.userinfo.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code target/quarkus-app}) running as a child process, its output in a log file and its
 * process id in {@code <logDir>/<name>.pid} while it runs (bench/run.sh reads it for JFR and RSS, issue #19).
 */
public final class ServiceProcess implements AutoCloseable {

    /** Logs this JVM has already started a service into. */
    private static final java.util.Set<Path> RESTARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Path pidFile;
    private final long startedNanos;
    private volatile long readyMillis = -1;

    private ServiceProcess(String name, int port, Process process, Path log, Path pidFile, long startedNanos) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
        this.startedNanos = startedNanos;
    }

    public static ServiceProcess start(Path root, String name, int port, Map<String, String> properties,
                                       List<String> jvmOptions, Path logDir) throws IOException {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.ssl-port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        long startedNanos = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(root.resolve(name).toFile())
                .redirectErrorStream(true)
                // A restart within one platform run keeps what the first run logged.
                .redirectOutput(Files.exists(log) && RESTARTED.contains(log) ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        RESTARTED.add(log);
        Path pidFile = logDir.resolve(name + ".pid");
        Files.writeString(pidFile, process.pid() + "\n");
        return new ServiceProcess(name, port, process, log, pidFile, startedNanos);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "https://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Milliseconds from the process start to the first 200 of {@code /q/health/ready}; -1 before that. */
    public long readyMillis() {
        return readyMillis;
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(HttpClient client, Duration timeout) throws InterruptedException {
        awaitReady(client, timeout, List.of(this));
    }

    /**
     * Waits until every service's {@code /q/health/ready} answers 200, polling them all at once every 100 ms, so that
     * each one's {@link #readyMillis} is its own and not the time the one before it took.
     */
    public static void awaitReady(HttpClient client, Duration timeout, List<ServiceProcess> services) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty()) {
            for (ServiceProcess service : pending) {
                if (!service.process.isAlive()) {
                    throw new IllegalStateException(service.name + " exited with " + service.process.exitValue() + "; see " + service.log);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                ServiceProcess late = pending.get(0);
                throw new IllegalStateException(late.name + " was not ready within " + timeout.toSeconds() + " s; see " + late.log);
            }
            List<CompletableFuture<Boolean>> polls = pending.stream().map(service -> service.pollReady(client)).toList();
            for (int i = polls.size() - 1; i >= 0; i--) {
                if (polls.get(i).join()) {
                    pending.remove(i);
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(100);
            }
        }
    }

    private CompletableFuture<Boolean> pollReady(HttpClient client) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        return client.sendAsync(ready, HttpResponse.BodyHandlers.discarding()).handle((response, notYetListening) -> {
            if (response == null || response.statusCode() != 200) {
                return false;
            }
            readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            return true;
        });
    }

    /** Sends SIGTERM and returns at once, as the kubelet does when a pod stops: for tests of the shutdown itself. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit: true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, then a forced stop if it has not exited in time; then its pid file goes. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            System.err.println("Removing " + pidFile + " failed: " + e.getMessage());
        }
    }
}
