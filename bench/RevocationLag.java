import dev.userinfo.local.LocalPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a revocation takes to reach the resource services (issue #19; auth-service README, "Revocation"): for each
 * try, one user's access token is accepted by every {@code /whoami}, revoked at auth-service with RFC 7009
 * ({@code POST /oauth2/revoke}, the app's client_secret_basic from {@code BASIC_AUTH}), and each {@code /whoami} is polled over a kept-alive
 * connection until it refuses the token (401). The lag of a try is from sending the revocation until the last
 * service refused. Tries are spaced at random (0.1-0.6 s) so they do not ride one phase of the followers' long poll.
 *
 * <pre>
 *   java -cp 'local-platform/target/local-platform-*.jar:local-platform/target/lib/*' bench/RevocationLag.java \
 *        <ca.crt> <auth-url> <tokens-file> <tries> <resource-url>...   (env BASIC_AUTH: "Basic …" of the app)
 * </pre>
 *
 * tokens-file: lines {@code <user id> <email> <access token>} (bench/scale.sh writes it, mode 0600); the last
 * {@code tries} lines are used and are revoked. Last line: {@code RESULT tries=… lag_p50_ms=… lag_min_ms=…
 * lag_max_ms=… <service>_p50_ms=…}. Exits 1 if a token was refused before its revocation or still accepted 10 s after.
 */
public class RevocationLag {

    private static final long GIVE_UP_NANOS = 10_000_000_000L;

    public static void main(String[] args) throws Exception {
        HttpClient client = LocalPlatform.trustingClient(Path.of(args[0]));
        String auth = args[1];
        String basic = System.getenv("BASIC_AUTH");   // not an argument: command lines are visible to every user
        List<String> lines = Files.readAllLines(Path.of(args[2])).stream().filter(l -> !l.isBlank()).toList();
        int tries = Math.min(Integer.parseInt(args[3]), lines.size());
        List<String> resources = Arrays.asList(args).subList(4, args.length);
        double[] lags = new double[tries];
        double[][] perService = new double[resources.size()][tries];
        for (int t = 0; t < tries; t++) {
            String token = lines.get(lines.size() - 1 - t).split(" ")[2];
            for (String resource : resources) {
                int status = whoami(client, resource, token);
                if (status != 200) {
                    fail("try " + (t + 1) + ": " + resource + "/whoami answered " + status + " before the revocation");
                }
            }
            long start = System.nanoTime();
            HttpResponse<String> revoked = client.send(HttpRequest.newBuilder(URI.create(auth + "/oauth2/revoke"))
                    .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
            if (revoked.statusCode() != 200) {
                fail("try " + (t + 1) + ": /oauth2/revoke answered " + revoked.statusCode());
            }
            boolean[] refused = new boolean[resources.size()];
            int left = resources.size();
            while (left > 0) {
                for (int r = 0; r < resources.size(); r++) {
                    if (!refused[r] && whoami(client, resources.get(r), token) == 401) {
                        refused[r] = true;
                        perService[r][t] = (System.nanoTime() - start) / 1e6;
                        left--;
                    }
                }
                if (System.nanoTime() - start > GIVE_UP_NANOS) {
                    fail("try " + (t + 1) + ": the revoked token was still accepted after 10 s");
                }
            }
            for (double[] service : perService) {
                lags[t] = Math.max(lags[t], service[t]);
            }
            System.out.printf("try %d: %.1f ms%n", t + 1, lags[t]);
            Thread.sleep(ThreadLocalRandom.current().nextInt(100, 600));
        }
        StringBuilder result = new StringBuilder(String.format("RESULT tries=%d lag_p50_ms=%.1f lag_min_ms=%.1f lag_max_ms=%.1f",
                tries, median(lags), Arrays.stream(lags).min().orElse(0), Arrays.stream(lags).max().orElse(0)));
        for (int r = 0; r < resources.size(); r++) {
            result.append(String.format(" %s_p50_ms=%.1f", URI.create(resources.get(r)).getPort(), median(perService[r])));
        }
        System.out.println(result);
    }

    private static int whoami(HttpClient client, String resource, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(resource + "/whoami")).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
