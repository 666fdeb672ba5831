package dev.userinfo.bench.data;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The running platform: the services' admin APIs over HTTPS (trusting the local CA only) and its PostgreSQL. */
final class Platform {

    final URI auth;
    final URI userinfo;
    final URI quota;
    private final String adminToken;
    private final String pgUrl;
    private final String pgUser;
    private final String pgPassword;
    final HttpClient http;

    Platform(Options options) throws Exception {
        this.auth = URI.create(options.text("auth"));
        this.userinfo = URI.create(options.text("userinfo"));
        this.quota = URI.create(options.text("quota"));
        this.adminToken = options.text("admin-token");
        this.pgUrl = options.text("pg");
        this.pgUser = options.text("pg-user");
        this.pgPassword = options.text("pg-password");
        this.http = HttpClient.newBuilder().sslContext(trusting(Path.of(options.text("ca"))))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(pgUrl, pgUser, pgPassword);
    }

    /** An admin API request to {@code base + path} with the admin token. */
    HttpRequest.Builder admin(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken);
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
