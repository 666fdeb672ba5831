package dev.userinfo.auth.session;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.page.Csrf;
import dev.userinfo.auth.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;

/**
 * Server-side browser sessions. The cookie holds 256 random bits; the database holds their SHA-256, so neither a
 * log nor a copy of the table can be replayed as a session. Other capabilities find the signed-in user with
 * {@link #current(HttpHeaders)}.
 */
@ApplicationScoped
public class Sessions {

    /** {@code __Host-} prefix: the browser keeps it only if Secure, Path=/ and host-only (RFC 6265bis §4.1.3.2). */
    public static final String COOKIE = "__Host-session";
    /** The login form's pre-session cookie, to which its CSRF token is bound. */
    public static final String LOGIN_COOKIE = "__Host-login";

    /** A new session: the cookie value to set, once, and who is signed in. */
    public record Started(String sessionId, SignedIn signedIn) {
    }

    private final AuthConfig config;

    public Sessions(AuthConfig config) {
        this.config = config;
    }

    /**
     * Signs {@code user} in: a fresh session id (never the one the browser had, against session fixation) and its
     * row. {@code previousSessionId} (may be null) is ended. The login itself is recorded by
     * {@code UserDirectory.recordLogin}, which versions it for the lifecycle delivery.
     */
    public Uni<Started> start(User user, String previousSessionId) {
        String sessionId = ClientSecrets.generate();
        Instant now = Instant.now();
        BrowserSession row = new BrowserSession();
        row.idHash = ClientSecrets.hash(sessionId);
        row.userId = user.id;
        row.authTime = now;
        row.createdAt = now;
        row.expiresAt = now.plus(config.sessions().lifetime());
        return Panache.withTransaction(() -> endQuietly(previousSessionId).chain(() -> row.persist()))
                .replaceWith(() -> new Started(sessionId, new SignedIn(user.id, user.login, user.displayName, now,
                        Csrf.forSession(sessionId))));
    }

    /** The signed-in user of this request, or null: no cookie, unknown or expired session, or a disabled user. */
    public Uni<SignedIn> current(HttpHeaders headers) {
        return find(cookie(headers, COOKIE));
    }

    /** The signed-in user of a session cookie value, or null. */
    public Uni<SignedIn> find(String sessionId) {
        if (!wellFormed(sessionId)) {
            return Uni.createFrom().nullItem();
        }
        byte[] hash = ClientSecrets.hash(sessionId);
        return Panache.withSession(() -> BrowserSession.<BrowserSession>findById(hash).chain(row -> {
            if (row == null || row.expiresAt.isBefore(Instant.now())) {
                return Uni.createFrom().nullItem();
            }
            return User.<User>findById(row.userId).map(user -> user == null || !user.active() ? null
                    : new SignedIn(user.id, user.login, user.displayName, row.authTime, Csrf.forSession(sessionId)));
        }));
    }

    /** Ends the session of this cookie value (logout). Unknown values are fine. */
    public Uni<Void> end(String sessionId) {
        return Panache.withTransaction(() -> endQuietly(sessionId));
    }

    /**
     * Ends every session of a user, in the caller's transaction when there is one: the users capability calls it
     * on disable, delete and password change, so a stolen session does not outlive them.
     */
    public static Uni<Void> endAllFor(long userId) {
        return Panache.withTransaction(() -> BrowserSession.delete("userId", userId)).replaceWithVoid();
    }

    /** The user's unexpired sessions, newest first, as the admin API shows them (issue #18). */
    public static Uni<java.util.List<SessionView>> listFor(long userId) {
        return Panache.withSession(() -> BrowserSession.<BrowserSession>list(
                        "userId = ?1 and expiresAt > ?2 order by createdAt desc", userId, Instant.now()))
                .map(rows -> rows.stream().map(SessionView::of).toList());
    }

    private Uni<Void> endQuietly(String sessionId) {
        if (!wellFormed(sessionId)) {
            return Uni.createFrom().voidItem();
        }
        return BrowserSession.delete("idHash", (Object) ClientSecrets.hash(sessionId)).replaceWithVoid();
    }

    /** Expired sessions are of no use; every pod may run this, it is idempotent. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return Panache.withTransaction(() -> BrowserSession.delete("expiresAt < ?1", Instant.now())).replaceWithVoid();
    }

    /** {@code Set-Cookie} value of a new session: no Max-Age beyond the server-side expiry. */
    public String sessionCookie(String sessionId) {
        return COOKIE + "=" + sessionId + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age="
                + config.sessions().lifetime().toSeconds();
    }

    /** {@code Set-Cookie} value that removes the session cookie. */
    public static String clearedSessionCookie() {
        return COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
    }

    /** {@code Set-Cookie} value of the login form's pre-session cookie (one hour is plenty to type a password). */
    public static String loginCookie(String value) {
        return LOGIN_COOKIE + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600";
    }

    public static String clearedLoginCookie() {
        return LOGIN_COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
    }

    /** The CSRF token the login form carries for this pre-session cookie value. */
    public static String loginCsrf(String loginCookie) {
        return Csrf.forLoginForm(loginCookie);
    }

    public static String cookie(HttpHeaders headers, String name) {
        Cookie cookie = headers.getCookies().get(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** Only values this service could have issued (43 base64url characters) are looked up. */
    public static boolean wellFormed(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(c ->
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }
}
