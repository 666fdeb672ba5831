package dev.userinfo.bench.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scale users {@code scale-<n>} through auth-service's real import API ({@code POST /admin/users/import}, 1000 JSON
 * Lines per request, {@link #CONCURRENT} requests at once, every line pre-hashed with {@link ScalePassword}), measuring
 * the import rate and, with {@link Visibility}, how long the outbox takes to bring them to the other two services.
 * Resumes: only the logins still missing are imported (an import request is all or nothing).
 */
final class ScaleUsers {

    static final int LINES_PER_REQUEST = 1000;
    static final int CONCURRENT = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform;
    private final long users;

    ScaleUsers(Platform platform, long users) {
        this.platform = platform;
        this.users = users;
    }

    String build(Connection db, Dataset dataset) throws Exception {
        java.util.Optional<String> done = dataset.part("users");
        if (done.isPresent()) {
            return done.get();
        }
        List<long[]> requests = missing(db);
        String hash = ScalePassword.hash();
        Progress.say("users: importing %d of %d in %d requests of up to %d lines, %d at once", 
                requests.stream().mapToInt(r -> r.length).sum(), users, requests.size(), LINES_PER_REQUEST, CONCURRENT);
        long start = System.nanoTime();
        List<Visibility.Batch> batches;
        double importSeconds;
        try (Visibility visibility = new Visibility(platform.connect())) {
            ExecutorService workers = Executors.newFixedThreadPool(CONCURRENT);
            try {
                List<Future<?>> pending = new ArrayList<>();
                for (long[] numbers : requests) {
                    pending.add(workers.submit(() -> {
                        visibility.imported(importLines(numbers, hash));
                        return null;
                    }));
                }
                int finished = 0;
                for (Future<?> request : pending) {
                    request.get();
                    if (++finished % 100 == 0) {
                        Progress.say("users: %d requests done, %.0f users/s", finished,
                                finished * (double) LINES_PER_REQUEST / Progress.since(start));
                    }
                }
            } finally {
                workers.shutdownNow();
            }
            importSeconds = Progress.since(start);
            Progress.say("users: imported in %s s; waiting until userinfo-service and account-quota-service have them all",
                    Progress.seconds(importSeconds));
            batches = visibility.awaitAll(600);
        }
        String figures = figures(batches, start, importSeconds);
        Dataset.partDone(db, "users", figures, Progress.since(start));
        Progress.say("users: %s", figures);
        return figures;
    }

    /** import_s, import_users_per_s, visible_all_s, lag_p50_s, lag_max_s (each request's users share its lag). */
    static String figures(List<Visibility.Batch> batches, long start, double importSeconds) {
        long imported = batches.stream().mapToLong(b -> b.ids.length).sum();
        double[] lags = batches.stream().mapToDouble(b -> (b.visibleAt - b.importedAt) / 1e9).sorted().toArray();
        double visibleAll = batches.stream().mapToLong(b -> b.visibleAt).max().stream().mapToDouble(v -> (v - start) / 1e9).findFirst().orElse(0);
        return "import_s=" + Progress.seconds(importSeconds)
                + " import_users_per_s=" + (importSeconds > 0 ? Math.round(imported / importSeconds) : 0)
                + " visible_all_s=" + Progress.seconds(visibleAll)
                + " lag_p50_s=" + Progress.seconds(lags.length == 0 ? 0 : lags[(lags.length - 1) / 2])
                + " lag_max_s=" + Progress.seconds(lags.length == 0 ? 0 : lags[lags.length - 1]);
    }

    /** The numbers 1..users whose login does not exist yet, in requests of up to 1000. */
    private List<long[]> missing(Connection db) throws Exception {
        BitSet present = new BitSet();
        try (PreparedStatement s = db.prepareStatement("SELECT substr(login, 7) FROM auth.app_user WHERE login LIKE 'scale-%'");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                try {
                    present.set(Integer.parseInt(r.getString(1)));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        List<long[]> requests = new ArrayList<>();
        long[] open = new long[LINES_PER_REQUEST];
        int size = 0;
        for (int n = 1; n <= users; n++) {
            if (!present.get(n)) {
                open[size++] = n;
                if (size == LINES_PER_REQUEST) {
                    requests.add(open);
                    open = new long[LINES_PER_REQUEST];
                    size = 0;
                }
            }
        }
        if (size > 0) {
            requests.add(java.util.Arrays.copyOf(open, size));
        }
        return requests;
    }

    /** One import request; a 503 (hashers busy, which pre-hashed lines never need) is retried after Retry-After. */
    private Visibility.Batch importLines(long[] numbers, String hash) throws Exception {
        StringBuilder body = new StringBuilder(numbers.length * 200);
        for (long n : numbers) {
            body.append("{\"login\":\"scale-").append(n).append("\",\"password_hash\":\"").append(hash)
                    .append("\",\"email\":\"scale-").append(n).append("@example.test\",\"display_name\":\"Scale user ")
                    .append(n).append("\"}\n");
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> answer = platform.send(platform.admin(platform.auth, "/admin/users/import")
                    .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
            if (answer.statusCode() == 201) {
                long at = System.nanoTime();
                JsonNode created = JSON.readTree(answer.body()).get("users");
                long[] ids = new long[created.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = created.get(i).get("id").asLong();
                }
                return new Visibility.Batch(ids, at);
            }
            if (answer.statusCode() != 503 || attempt == 5) {
                throw new IllegalStateException("POST /admin/users/import answered " + answer.statusCode() + " for scale-"
                        + numbers[0] + "…: " + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
            Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
        }
    }
}
