package dev.userinfo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.bench.data.Generate;
import dev.userinfo.local.LocalPlatform;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bench's data generator (bench-data, issue #19) at a small size against the packaged platform, so it cannot rot:
 * users through the real import API and the outbox to both resource services, the rest by COPY with valid rows; a
 * second build reuses the dataset; an imported user signs in with scale-password; a generated session cookie carries
 * a real authorization request to a code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleDataIT {

    private static final String REDIRECT = "http://127.0.0.1:8765/callback";
    private final Path work = Path.of("target/scale-data-it").toAbsolutePath();
    private LocalPlatform platform;
    private List<String> connection;

    @BeforeAll
    void start() throws Exception {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        PlatformIT.deleteRecursively(work);
        platform = LocalPlatform.start(LocalPlatform.Options.ephemeral(root, work));
        connection = List.of("--auth", platform.url(LocalPlatform.AUTH), "--userinfo", platform.url(LocalPlatform.USERINFO),
                "--quota", platform.url(LocalPlatform.QUOTA), "--pg", platform.postgres().jdbcUrl(),
                "--ca", root.resolve(".local/tls/ca.crt").toString());
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
            // The imported password hash is stored, never logged (issue #19).
            for (String service : List.of(LocalPlatform.AUTH, LocalPlatform.USERINFO, LocalPlatform.QUOTA)) {
                assertTrue(!Files.readString(work.resolve("logs").resolve(service + ".log")).contains("$argon2"), service + " logged a hash");
            }
        }
    }

    private String generate(String command, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(options));
        args.addAll(connection);
        return Generate.run(args);
    }

    private String build() throws Exception {
        return generate("build", "--users", "1000", "--orgs", "10", "--apps", "5", "--ledger-rows", "10000",
                "--refresh-families", "1000", "--prompt-events", "1000", "--revocations", "1000");
    }

    @Test
    void buildsTheDatasetThroughTheRealPathsReusesItAndItsUsersAndSessionsSignIn() throws Exception {
        String built = build();
        assertTrue(built.matches("RESULT dataset=built users=1000 orgs=10 apps=5 ledger_rows=10000 import_s=[0-9.]+ "
                + "import_users_per_s=[1-9][0-9]* visible_all_s=[0-9.]+ lag_p50_s=[0-9.]+ lag_max_s=[0-9.]+"), built);
        Map<String, Long> counts = counts();
        assertEquals(Map.ofEntries(Map.entry("auth users", 1000L), Map.entry("userinfo profiles", 1000L),
                Map.entry("quota accounts", 1000L), Map.entry("auth apps", 5L), Map.entry("userinfo apps", 5L),
                Map.entry("orgs", 10L), Map.entry("memberships", 1000L), Map.entry("membership roles", 1000L),
                Map.entry("app groups", 15L), Map.entry("group members", 1000L), Map.entry("ledger rows", 10000L),
                Map.entry("accounts off their last entry", 0L), Map.entry("broken balance chains", 0L),
                Map.entry("refresh families", 1000L), Map.entry("refresh tokens", 2000L), Map.entry("prompt events", 1000L),
                Map.entry("token revocations", 1000L)), counts);

        // Imported with a pre-hashed password, the user signs in on the real login form.
        String cookies = new PageClient(platform.client(), platform.url(LocalPlatform.AUTH)).sessionCookies("scale-17", "scale-password");
        assertTrue(cookies.contains("__Host-session="), cookies);

        String reused = build();
        assertEquals(built.replace("dataset=built", "dataset=reused"), reused);
        assertEquals(counts, counts(), "a reused build added nothing");

        Path sessions = work.resolve("sessions.txt");
        assertEquals("RESULT sessions=5", generate("sessions", "--count", "5", "--out", sessions.toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sessions)));
        List<String> lines = Files.readAllLines(sessions);
        assertEquals(5, lines.size());
        String cookie = lines.get(0).split(" ")[1];
        HttpResponse<String> authorize = platform.client().send(HttpRequest.newBuilder(URI.create(platform.url(LocalPlatform.AUTH)
                        + "/oauth2/authorize?response_type=code&client_id=demo-app&redirect_uri=" + REDIRECT
                        + "&scope=openid%20profile%20offline_access&state=scale"))
                .header("Cookie", "__Host-session=" + cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        String location = authorize.headers().firstValue("Location").orElse("");
        assertTrue(authorize.statusCode() / 100 == 3 && location.startsWith(REDIRECT + "?code="), authorize.statusCode() + " " + location);
    }

    /** What the dataset put in each service's tables, read from the platform's database. */
    private Map<String, Long> counts() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("auth users", "SELECT count(*) FROM auth.app_user WHERE login LIKE 'scale-%'");
        queries.put("userinfo profiles", "SELECT count(*) FROM userinfo.profile WHERE account LIKE 'scale-%' AND status = 'active'");
        queries.put("quota accounts", "SELECT count(*) FROM quota.account WHERE username LIKE 'scale-%' AND status = 1");
        queries.put("auth apps", "SELECT count(*) FROM auth.app WHERE client_id LIKE 'scale-app-%'");
        queries.put("userinfo apps", "SELECT count(*) FROM userinfo.app WHERE client_id LIKE 'scale-app-%'");
        queries.put("orgs", "SELECT count(*) FROM userinfo.org WHERE org_code LIKE 'scale-org-%'");
        queries.put("memberships", "SELECT count(*) FROM userinfo.membership m JOIN userinfo.org o USING (org_id) WHERE o.org_code LIKE 'scale-org-%'");
        queries.put("membership roles", "SELECT count(*) FROM userinfo.membership_role r JOIN userinfo.role USING (role_id) WHERE role_code LIKE 'scale-role-%'");
        queries.put("app groups", "SELECT count(*) FROM userinfo.app_group g JOIN userinfo.app a USING (app_id) WHERE a.client_id LIKE 'scale-app-%'");
        queries.put("group members", "SELECT count(*) FROM userinfo.group_member g JOIN userinfo.app a USING (app_id) WHERE a.client_id LIKE 'scale-app-%'");
        queries.put("ledger rows", "SELECT count(*) FROM quota.ledger l JOIN quota.account a ON a.id = l.account_id WHERE a.username LIKE 'scale-%'");
        queries.put("accounts off their last entry", """
                SELECT count(*) FROM quota.account a JOIN LATERAL (SELECT * FROM quota.ledger l WHERE l.account_id = a.id
                ORDER BY l.id DESC LIMIT 1) last ON true WHERE a.username LIKE 'scale-%' AND (a.quota <> last.quota_after
                OR a.used_quota <> last.used_quota_after OR a.request_count <> last.request_count_after)""");
        queries.put("broken balance chains", """
                SELECT count(*) FROM (SELECT quota_after - quota_delta AS before,
                       lag(quota_after) OVER (PARTITION BY account_id ORDER BY id) AS previous FROM quota.ledger) l
                WHERE l.previous IS NOT NULL AND l.previous <> l.before""");
        queries.put("refresh families", "SELECT count(*) FROM auth.authorization_grant WHERE client_id LIKE 'scale-app-%'");
        queries.put("refresh tokens", "SELECT count(*) FROM auth.refresh_token t JOIN auth.authorization_grant g ON g.id = t.grant_id WHERE g.client_id LIKE 'scale-app-%'");
        queries.put("prompt events", "SELECT count(*) FROM auth.authorization_prompt_event e JOIN auth.authorization_prompt p ON p.id = e.prompt_id "
                + "JOIN auth.app a ON a.appid = p.appid WHERE a.client_id LIKE 'scale-app-%'");
        queries.put("token revocations", "SELECT count(*) FROM auth.revocation WHERE kind = 'token'");
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(platform.postgres().jdbcUrl(), "postgres", "postgres");
             Statement s = db.createStatement()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                try (ResultSet r = s.executeQuery(query.getValue())) {
                    r.next();
                    counts.put(query.getKey(), r.getLong(1));
                }
            }
        }
        return counts;
    }
}
