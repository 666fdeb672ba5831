package dev.userinfo.auth.token;

import dev.userinfo.auth.app.AppRegistration;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.app.DemoData;
import dev.userinfo.auth.user.User;
import dev.userinfo.auth.user.UserDirectory;
import dev.userinfo.auth.user.UserInput;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Test fixture: users and codes made exactly as the authorization endpoint makes them
 * ({@link AuthorizationCodes#issue}), so token tests do not depend on the login pages.
 */
@ApplicationScoped
public class Grants {

    public static final String REDIRECT = DemoData.REDIRECT_URI;
    private static final AtomicInteger USERS = new AtomicInteger();

    private final UserDirectory users;
    private final AuthorizationCodes codes;
    private final AppRegistry apps;

    public Grants(UserDirectory users, AuthorizationCodes codes, AppRegistry apps) {
        this.users = users;
        this.codes = codes;
        this.apps = apps;
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public User user() {
        String login = "u" + USERS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        return await(() -> users.create(new UserInput(login, "password-" + login, "Name " + login, null, null, null, null)));
    }

    /** A code for demo-app (appid 1) and this user. */
    public AuthorizationCodes.Issued code(long userId, List<String> scopes, String challenge, String nonce) {
        return code(userId, 1L, "demo-app", scopes, REDIRECT, challenge, nonce);
    }

    public AuthorizationCodes.Issued code(long userId, long appid, String clientId, List<String> scopes, String redirect,
                                          String challenge, String nonce) {
        return code(userId, appid, clientId, scopes, redirect, challenge, nonce, true);
    }

    /** {@code redirectGiven} false: as if the authorization request omitted redirect_uri (one registered URI). */
    public AuthorizationCodes.Issued code(long userId, long appid, String clientId, List<String> scopes, String redirect,
                                          String challenge, String nonce, boolean redirectGiven) {
        return await(() -> codes.issue(new AuthorizationCodes.Approval(userId, appid, clientId, scopes, redirect,
                challenge, challenge == null ? null : "S256", nonce, Instant.now().minusSeconds(5), redirectGiven)));
    }

    private static final java.util.Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A confidential app registered once per test run; its secret is remembered for every test class. */
    public synchronized String secretOf(String clientId, List<String> scopes) {
        return SECRETS.computeIfAbsent(clientId, id -> {
            AppRegistry.Registered registered = app(id, "confidential", scopes);
            if (registered.clientSecret() == null) {
                throw new IllegalStateException(id + " was registered outside Grants.secretOf");
            }
            return registered.clientSecret();
        });
    }

    /** userinfo-service as a resource service: a feed client, registered at start by FeedClients (test profile). */
    public String feedClientSecret() {
        return "userinfo-service-demo-secret";
    }

    public static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A personal access token row, made directly (the PAT pages are another engineer's). Returns its id. */
    public long pat(long userId, String token, String scopes, String expiresAtSql) {
        String hex = java.util.HexFormat.of().formatHex(dev.userinfo.auth.app.ClientSecrets.hash(token));
        sql("INSERT INTO auth.personal_access_token (user_id, name, token_hash, scopes, expires_at) VALUES (" + userId
                + ", 'pat " + UUID.randomUUID() + "', decode('" + hex + "', 'hex'), string_to_array('" + scopes + "', ' '), "
                + expiresAtSql + ")");
        return count("SELECT id FROM auth.personal_access_token WHERE token_hash = decode('" + hex + "', 'hex')");
    }

    public AppRegistry.Registered app(String clientId, String type, List<String> scopes) {
        return await(() -> apps.find(clientId).chain(existing -> existing != null
                ? Uni.createFrom().item(new AppRegistry.Registered(existing, null))
                : apps.register(new AppRegistration("App " + clientId, clientId, type, List.of(REDIRECT), scopes))));
    }

    /** Runs SQL in the test (e.g. to age a code); returns the updated row count. */
    public int sql(String statement) {
        return await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(statement).executeUpdate())));
    }

    public long count(String query) {
        return await(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(query, Long.class).getSingleResult())));
    }

    public static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
