package dev.userinfo.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The whole platform on one machine: an embedded PostgreSQL and the three packaged services over HTTPS, in the
 * {@code local} profile (demo data). {@code ./run.sh} runs {@link #main}; the cross-service tests use
 * {@link #start(Options)} with free ports.
 */
public final class LocalPlatform implements AutoCloseable {

    public static final String AUTH = "auth-service";
    public static final String USERINFO = "userinfo-service";
    public static final String QUOTA = "account-quota-service";

    /** Where things go and which ports they take. */
    public record Options(Path root, Path dataDir, Path logDir, int postgresPort, int authPort, int userinfoPort,
                          int quotaPort, boolean durable, List<String> jvmOptions) {

        public static Options defaults(Path root) {
            return new Options(root, root.resolve(".local/postgres"), root.resolve(".local/logs"), 55432, 8443, 8444,
                    8445, true, List.of());
        }

        /** Free ports and a fresh database under {@code work}: for tests. */
        public static Options ephemeral(Path root, Path work) throws IOException {
            return new Options(root, work.resolve("postgres"), work.resolve("logs"), freePort(), freePort(), freePort(),
                    freePort(), false, List.of("-Xmx512m", "-Dquarkus.log.category.\"dev.userinfo\".level=DEBUG", "-Dquarkus.http.access-log.enabled=true"));
        }

        /**
         * {@code ./run.sh}: the defaults, with {@code --data-dir DIR} (relative to {@code root}) as PostgreSQL's data
         * directory and {@code jvmOptions} (the space-separated {@code PLATFORM_JVM_OPTIONS}, e.g. JFR or -Xmx for the
         * bench, issue #19) appended to every service JVM's options.
         */
        public static Options forRun(Path root, List<String> args, String jvmOptions) {
            Options defaults = defaults(root);
            Path dataDir = defaults.dataDir();
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("--data-dir") && i + 1 < args.size() && !args.get(i + 1).isBlank()) {
                    dataDir = root.resolve(args.get(++i)).normalize();
                } else {
                    throw new IllegalArgumentException("unknown or incomplete argument " + args.get(i)
                            + "; usage: LocalPlatform <root> [--data-dir DIR]");
                }
            }
            List<String> jvm = jvmOptions == null || jvmOptions.isBlank() ? List.of() : List.of(jvmOptions.trim().split("\\s+"));
            return new Options(root, dataDir, defaults.logDir(), defaults.postgresPort(), defaults.authPort(),
                    defaults.userinfoPort(), defaults.quotaPort(), defaults.durable(), jvm);
        }
    }

    private final Options options;
    private final List<ServiceProcess> services = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> properties = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient client;
    private volatile LocalPostgres postgres;
    private volatile boolean stopping;

    private LocalPlatform(Options options) throws Exception {
        this.options = options;
        this.client = trustingClient(options.root().resolve(".local/tls/ca.crt"));
    }

    public static LocalPlatform start(Options options) throws Exception {
        LocalPlatform platform = new LocalPlatform(options);
        try {
            platform.startAll();
            return platform;
        } catch (Exception e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        postgres = LocalPostgres.start(options.postgresPort(), options.dataDir(), options.durable());
        String issuer = "https://localhost:" + options.authPort();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("quarkus.profile", "local");
        common.put("platform.root", options.root().toString());
        common.put("platform.local-postgres.port", Integer.toString(postgres.port()));
        Map<String, String> auth = new LinkedHashMap<>(common);
        auth.put("auth.issuer", issuer);
        // The user lifecycle delivery goes to wherever the resource services listen this time.
        auth.put("auth.delivery.subscribers.userinfo-service.url",
                "https://localhost:" + options.userinfoPort() + "/internal/user-events");
        auth.put("auth.delivery.subscribers.account-quota-service.url",
                "https://localhost:" + options.quotaPort() + "/internal/user-events");
        // App registrations (docs/internal-contracts.md §5) go to userinfo-service only.
        auth.put("auth.delivery.subscribers.userinfo-service.app-events-url",
                "https://localhost:" + options.userinfoPort() + "/internal/app-events");
        // RFC 8707 / RFC 9068: each resource service's identifier is its public base URL, this run's port.
        String userinfoResource = "https://localhost:" + options.userinfoPort();
        String quotaResource = "https://localhost:" + options.quotaPort();
        auth.put("auth.tokens.resources", userinfoResource + "," + quotaResource);
        // The developer console's quick-start calls name this run's public URLs (issue #18).
        auth.put("auth.developer.userinfo-url", userinfoResource);
        auth.put("auth.developer.quota-url", quotaResource);
        Map<String, String> resource = new LinkedHashMap<>(common);
        resource.put("platform.jwt.issuer", issuer);
        resource.put("platform.jwt.jwks-url", issuer + "/.well-known/jwks.json");
        resource.put("platform.jwt.revocation.feed-url", issuer + "/internal/revocations");
        resource.put("platform.jwt.personal-tokens.introspection-url", issuer + "/oauth2/introspect");
        // Seed 000's tokenless calls open authorization requests at auth-service (issue #6); quota ignores the key.
        resource.put("userinfo.prompts.url", issuer + "/internal/prompts");
        properties.put(AUTH, auth);
        Map<String, String> userinfo = new LinkedHashMap<>(resource);
        userinfo.put("platform.jwt.audience", userinfoResource);
        Map<String, String> quota = new LinkedHashMap<>(resource);
        quota.put("platform.jwt.audience", quotaResource);
        properties.put(USERINFO, userinfo);
        properties.put(QUOTA, quota);
        ports.put(AUTH, options.authPort());
        ports.put(USERINFO, options.userinfoPort());
        ports.put(QUOTA, options.quotaPort());
        for (String name : List.of(AUTH, USERINFO, QUOTA)) {
            services.add(ServiceProcess.start(options.root(), name, ports.get(name), properties.get(name),
                    options.jvmOptions(), options.logDir()));
        }
        ServiceProcess.awaitReady(client, Duration.ofSeconds(90), services);
    }

    /** Stops one service (SIGTERM, then waits), leaving the others and the database running: for tests of downtime. */
    public void stopService(String name) {
        services.stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(service -> {
            service.close();
            services.remove(service);
        });
    }

    /** Starts a service stopped by {@link #stopService} again, on the same port, and waits until it is ready. */
    public void startService(String name) throws Exception {
        ServiceProcess service = ServiceProcess.start(options.root(), name, ports.get(name), properties.get(name),
                options.jvmOptions(), options.logDir());
        services.add(service);
        service.awaitReady(client, Duration.ofSeconds(90));
    }

    public String url(String service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow().url();
    }

    public HttpClient client() {
        return client;
    }

    public Options options() {
        return options;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    /** Services first (they drain their requests on SIGTERM), then the database. */
    @Override
    public synchronized void close() {
        services.parallelStream().forEach(ServiceProcess::close);
        services.clear();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("Stopping PostgreSQL failed: " + e.getMessage());
            }
            postgres = null;
        }
    }

    /** An HTTP client that trusts the local CA only. */
    public static HttpClient trustingClient(Path caFile) throws Exception {
        return HttpClient.newBuilder().sslContext(trustingContext(caFile)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A TLS context that trusts the local CA only. */
    public static SSLContext trustingContext(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("local-ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** {@code ./run.sh}: {@code LocalPlatform <root> [--data-dir DIR]}; runs until Ctrl-C or SIGTERM, then stops everything. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Options options = null;
        try {
            options = Options.forRun(root, List.of(args).subList(Math.min(1, args.length), args.length),
                    System.getenv("PLATFORM_JVM_OPTIONS"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        long started = System.nanoTime();
        System.out.println("Starting PostgreSQL (data in " + options.dataDir() + ") and the three services (logs in "
                + options.logDir() + (options.jvmOptions().isEmpty() ? "" : ", JVM options " + options.jvmOptions()) + ") ...");
        LocalPlatform platform = new LocalPlatform(options);
        // Registered before anything starts, so Ctrl-C during start-up leaves no process behind either.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.stopping = true;
            System.out.println("\nStopping ...");
            platform.close();
            System.out.println("Stopped.");
        }, "local-platform-shutdown"));
        try {
            platform.startAll();
        } catch (Exception e) {
            System.err.println("Start-up failed: " + e.getMessage());
            System.exit(1);
        }
        // bench/run.sh reads these lines (issue #19): each service's time from its process start to /q/health/ready
        platform.services.forEach(s -> System.out.println(s.name() + " ready in " + s.readyMillis() + " ms"));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String ca = root.resolve(".local/tls/ca.crt").toString();
        System.out.printf("""

                User-info platform is up (%d s).
                  auth-service           %s   (OIDC discovery: /.well-known/openid-configuration)
                  userinfo-service       %s
                  account-quota-service  %s
                  PostgreSQL             localhost:%d  user postgres / postgres (schemas auth, userinfo, quota)
                  OpenAPI / Swagger UI   <service>/q/openapi, <service>/q/swagger-ui
                  Local CA               %s

                Demo app:  client_id demo-app, appid 1, secret demo-secret, redirect http://127.0.0.1:8765/callback
                Demo users: alice / alice-password, bob / bob-password (sign in at <auth-service>/login)
                Consoles:  developer %s/developer, operator %s/operator
                Demo operator: olivia / olivia-password (auditor, read-only: audrey / audrey-password)
                Admin API: Authorization: Bearer dev-admin-token

                Try:
                  TOKEN=$(curl -s --cacert %s -u demo-app:demo-secret -d grant_type=client_credentials \\
                          %s/oauth2/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                  curl --cacert %s -H "Authorization: Bearer $TOKEN" %s/whoami

                Ctrl-C stops everything.
                """, seconds, platform.url(AUTH), platform.url(USERINFO), platform.url(QUOTA), platform.postgres().port(),
                ca, platform.url(AUTH), platform.url(AUTH), ca, platform.url(AUTH), ca, platform.url(USERINFO));
        // Stay up while every service is; one dying takes the platform down rather than leaving it half-working.
        while (platform.services.stream().allMatch(ServiceProcess::alive)) {
            Thread.sleep(1000);
        }
        if (platform.stopping) {
            return; // Ctrl-C or SIGTERM: the shutdown hook is stopping everything
        }
        platform.services.stream().filter(s -> !s.alive())
                .forEach(s -> System.err.println(s.name() + " stopped unexpectedly; see " + s.log()));
        System.exit(1);
    }
}
