package dev.userinfo.bench.data;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The scale apps, {@code scale-app-<n>}, registered through auth-service's real admin API ({@code POST /admin/apps});
 * they reach userinfo-service through the app event delivery (docs/internal-contracts.md §5), which this part waits
 * for, since the per-app groups hang on userinfo-service's app rows. Resumes: apps already registered are skipped.
 */
final class ScaleApps {

    private final Platform platform;
    private final long apps;

    ScaleApps(Platform platform, long apps) {
        this.platform = platform;
        this.apps = apps;
    }

    String build(Connection db, Dataset dataset) throws Exception {
        java.util.Optional<String> done = dataset.part("apps");
        if (done.isPresent()) {
            return done.get();
        }
        long start = System.nanoTime();
        Set<String> existing = new HashSet<>();
        try (PreparedStatement s = db.prepareStatement("SELECT client_id FROM auth.app WHERE client_id LIKE 'scale-app-%'");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                existing.add(r.getString(1));
            }
        }
        // A few registrations at once: each is one small transaction at auth-service.
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
            for (long n = 1; n <= apps; n++) {
                String clientId = ScaleData.APP_PREFIX + n;
                if (!existing.contains(clientId)) {
                    long number = n;
                    pending.add(workers.submit(() -> register(number, clientId)));
                }
            }
            for (java.util.concurrent.Future<?> registration : pending) {
                registration.get();
            }
        } finally {
            workers.shutdownNow();
        }
        double registered = Progress.since(start);
        awaitInUserinfo(db);
        double seconds = Progress.since(start);
        String figures = "apps=" + apps + " apps_register_s=" + Progress.seconds(registered) + " apps_visible_s=" + Progress.seconds(seconds);
        Dataset.partDone(db, "apps", figures, seconds);
        Progress.say("apps: %s", figures);
        return figures;
    }

    private Void register(long n, String clientId) throws Exception {
        String body = "{\"name\":\"Scale app " + n + "\",\"client_id\":\"" + clientId + "\",\"client_type\":\"confidential\","
                + "\"redirect_uris\":[\"https://app.example.test/callback\"],\"scopes\":[\"openid\",\"profile\"]}";
        HttpResponse<String> answer = platform.send(platform.admin(platform.auth, "/admin/apps")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("POST /admin/apps answered " + answer.statusCode() + " for " + clientId);
        }
        return null;
    }

    private void awaitInUserinfo(Connection db) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM userinfo.app WHERE client_id LIKE 'scale-app-%' AND status = 'active'")) {
            while (true) {
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getLong(1) >= apps) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scale apps did not reach userinfo-service within 120 s");
                }
                Thread.sleep(200);
            }
        }
    }
}
