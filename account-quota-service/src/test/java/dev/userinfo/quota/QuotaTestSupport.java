package dev.userinfo.quota;

import static org.hamcrest.Matchers.equalTo;

import dev.userinfo.jwt.testing.JwksTestResource;
import dev.userinfo.jwt.testing.JwksTestServer;
import dev.userinfo.jwt.testing.TestHttps;
import dev.userinfo.jwt.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the quota tests share: HTTPS against the running service, tokens from jwt-verification's test keys, user
 * accounts delivered through the real {@code /internal/user-events} receiver, and SQL on the real PostgreSQL for
 * setting up what no API sets (roles) and for checking sums.
 */
public abstract class QuotaTestSupport {

    /** Ids far apart per JVM run and per test, so tests sharing one database never meet. */
    private static final AtomicLong NEXT_ID = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1_000_000L);

    public static final String SERVICE = "billing-service";

    @TestHTTPResource(value = "/", tls = true)
    protected URL url;

    @Inject
    protected Pool pool;

    protected static TestTokens tokens() {
        return JwksTestResource.tokens();
    }

    protected RequestSpecification https() {
        return TestHttps.given(url);
    }

    protected static long newUserId() {
        return NEXT_ID.incrementAndGet();
    }

    /** A user token of demo-app for this user with these scopes. */
    protected static String userToken(long userId, String... scopes) {
        return tokens().forUser(Long.toString(userId), "demo-app", scopes);
    }

    /** A first-party service's client_credentials token: on platform.quota.writers (test profile), service scope. */
    protected static String serviceToken() {
        return tokens().forClient(SERVICE, "service:quota_write");
    }

    /**
     * A real {@code pat_…} personal access token of this user with these scopes, resolved by jwt-verification through
     * the stand-in's introspection as auth-service would answer it.
     */
    protected static String personalToken(long userId, String... scopes) {
        String pat = "pat_" + UUID.randomUUID().toString().replace("-", "");
        JwksTestResource.server().personalToken(pat, UUID.randomUUID().toString(), Long.toString(userId),
                String.join(" ", scopes));
        return pat;
    }

    protected static String deliveryToken() {
        return tokens().forClient("auth-service", "platform.user-events");
    }

    /** One event of the lifecycle contract (docs/internal-contracts.md §3). */
    protected static Map<String, Object> event(long seq, String type, long userId, String login, String status, long version) {
        Map<String, Object> user = new java.util.LinkedHashMap<>();
        user.put("id", userId);
        user.put("login", login);
        user.put("display_name", login == null ? null : login.toUpperCase());
        user.put("email", login == null ? null : login + "@example.com");
        user.put("phone", null);
        user.put("status", status);
        user.put("version", version);
        user.put("created_at", "2026-11-20T10:00:00Z");
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("event_id", UUID.randomUUID().toString());
        e.put("seq", seq);
        e.put("type", type);
        e.put("occurred_at", Instant.now().toString());
        e.put("user", user);
        return e;
    }

    /** The same event as a snapshot after a login (contract §3: a login sets last_login_at and last_login_ip). */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> withLogin(Map<String, Object> event, String lastLoginAt, String lastLoginIp) {
        Map<String, Object> user = (Map<String, Object>) event.get("user");
        user.put("last_login_at", lastLoginAt);
        user.put("last_login_ip", lastLoginIp);
        return event;
    }

    protected io.restassured.response.Response deliver(List<Map<String, Object>> events) {
        return https().header("Authorization", "Bearer " + deliveryToken()).contentType(ContentType.JSON)
                .body(Map.of("events", events)).post("/internal/user-events");
    }

    /** A new active account, created through the delivery, with this quota set directly. */
    protected long newAccount(long quota) {
        long id = newUserId();
        deliver(List.of(event(id, "user.created", id, "user" + id, "active", 1))).then().statusCode(200)
                .body("applied", equalTo(1));
        sql("UPDATE account SET quota = $2 WHERE id = $1", id, quota);
        return id;
    }

    protected RowSet<Row> sql(String statement, Object... args) {
        return pool.preparedQuery(statement).execute(Tuple.from(List.of(args))).await().indefinitely();
    }

    protected Row account(long id) {
        return sql("SELECT * FROM account WHERE id = $1", id).iterator().next();
    }

    protected long ledgerSum(long id, String kind) {
        return sql("SELECT coalesce(sum(amount), 0) FROM ledger WHERE account_id = $1 AND kind = $2", id, kind)
                .iterator().next().getLong(0);
    }

    protected long ledgerCount(long id) {
        return sql("SELECT count(*) FROM ledger WHERE account_id = $1", id).iterator().next().getLong(0);
    }

    /** A JDK HttpClient trusting the local CA, for tests that need real parallel connections. */
    protected static SSLContext localTls() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(JwksTestServer.localTlsDir().resolve("ca.p12"))) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    protected static <T> List<T> list(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }
}
