package dev.userinfo.auth.prompt;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.authorize.AuthorizationError;
import dev.userinfo.auth.authorize.AuthorizationRequest;
import dev.userinfo.auth.authorize.RequestRefused;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.page.FormBody;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Seed 000's tokenless call opens an authorization request (issue #6); it is pushed to the user's open pages only
 * when the user may be prompted ({@link Eligibility}). Whoever else the app names gets the same answer, prompted or
 * not, so the answer is no oracle for who exists or is online. One pending request per (app, user); an app may open
 * {@code auth.prompts.rate-limit} a minute.
 */
@ApplicationScoped
public class PromptOpening {

    private static final Logger LOG = Logger.getLogger(PromptOpening.class);
    /** First key of pg_advisory_xact_lock(int, int): serializes one app's openings (one pending per user, rate). */
    private static final int OPEN_LOCK = 6000;

    /**
     * What the trigger answers: the request, where to send the user instead, and whether a prompt is showing;
     * {@code proven} false (no request, nobody prompted) when the app did not prove itself.
     */
    public record Opened(String requestId, String authorizeUrl, boolean prompted, long expiresIn, boolean proven) {
    }

    /** A request a trigger may not open; {@code error} is the internal contract's (docs/internal-contracts.md §4). */
    public static final class Refused extends RuntimeException {
        public final int status;
        public final String error;
        public final long retryAfter;

        Refused(int status, String error, String description, long retryAfter) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
            this.retryAfter = retryAfter;
        }

        static Refused badRequest(String error, String description) {
            return new Refused(400, error, description, 0);
        }
    }

    /**
     * How the app proved itself on seed 000's call (docs/internal-contracts.md §4, issue #13 item 4). Only a
     * proven call may open a request, learn {@code prompted} and count against the app's rate limit.
     */
    public sealed interface Proof {
        /** No proof, or one that failed: the answer reveals nothing about any user. */
        record Anonymous() implements Proof {
        }

        /** The trigger client verified the app's own client_credentials token (client_id = the request's). */
        record ClientToken() implements Proof {
        }

        /** The app's secret (its HTTP Basic credential), checked here in constant time. */
        record ClientSecret(String secret) implements Proof {
        }

        Proof ANONYMOUS = new Anonymous();
    }

    /** A pending request as stored. */
    private record Existing(Opened opened, Set<String> scopes, String redirectUri, String state) {
        String requestId() {
            return opened.requestId();
        }
    }

    private final Pool pool;
    private final AppRegistry apps;
    private final PromptRequests requests;
    private final PromptExpiry expiry;
    private final PromptChannel channel;
    private final AuthConfig config;

    public PromptOpening(Pool pool, AppRegistry apps, PromptRequests requests, PromptExpiry expiry, PromptChannel channel,
                         AuthConfig config) {
        this.pool = pool;
        this.apps = apps;
        this.requests = requests;
        this.expiry = expiry;
        this.channel = channel;
        this.config = config;
    }

    /**
     * Opens an authorization request for seed 000's tokenless call. {@code userId} is the seed's user_id, or null.
     * An unproven call opens nothing and gets the same answer for every user: a state-less authorization URL.
     * Fails with {@link Refused} for bad input (nothing is opened) and for the rate limit.
     */
    public Uni<Opened> open(String clientId, String redirectUri, String scope, Long userId, Proof proof) {
        if (!AppRegistry.isWellFormedClientId(clientId)) {
            return Uni.createFrom().failure(Refused.badRequest("unknown_client", "client_id is unknown"));
        }
        return apps.find(clientId).chain(app -> {
            if (app == null || !app.enabled) {
                throw Refused.badRequest("unknown_client", "client_id is unknown");
            }
            // RFC 9700 §4.1.3: exact string comparison with a registered redirect URI.
            if (redirectUri == null || !Arrays.asList(app.redirectUris).contains(redirectUri)) {
                throw Refused.badRequest("invalid_redirect_uri", "redirect_uri is not registered for this app");
            }
            boolean proven = proven(app, proof);
            return requests.parse(app.clientId, redirectUri, scope, PromptIds.newState())
                    .onFailure(AuthorizationError.class).transform(e -> Refused.badRequest(
                            "invalid_scope".equals(((AuthorizationError) e).error()) ? "invalid_scope" : "invalid_request", e.getMessage()))
                    .onFailure(RequestRefused.class).transform(e -> Refused.badRequest("invalid_request", e.getMessage()))
                    .onFailure(FormBody.BadForm.class).transform(e -> Refused.badRequest("invalid_request", e.getMessage()))
                    .chain(request -> proven ? pool.withTransaction(conn -> openLocked(conn, app, request, userId))
                            // Issue #13 item 4: no request, no state a stranger could wait on, nothing counted.
                            : Uni.createFrom().item(new Opened(null, requests.authorizeUrl(app.clientId, redirectUri,
                                    String.join(" ", request.scopes()), null), false, 0, false)));
        });
    }

    /** A secret is compared as the token endpoint does (constant time); a public app has none to prove. */
    private static boolean proven(App app, Proof proof) {
        if (proof instanceof Proof.ClientSecret secret) {
            return app.confidential() && ClientSecrets.matches(secret.secret(), app.secretHash);
        }
        return proof instanceof Proof.ClientToken;
    }

    private Uni<Opened> openLocked(SqlConnection conn, App app, AuthorizationRequest request, Long userId) {
        return conn.preparedQuery("SELECT 1 FROM pg_advisory_xact_lock($1, $2)")
                .execute(Tuple.of(OPEN_LOCK, (int) (app.appid % Integer.MAX_VALUE)))
                .chain(() -> expiry.expire(conn, app.appid))
                .chain(() -> userId == null ? Uni.createFrom().<Existing>nullItem() : stillPending(conn, app, userId))
                .chain(existing -> existing != null ? again(conn, app, userId, existing)
                        : withinRate(conn, app.appid).chain(() -> eligibility(conn, app, userId, request.scopes()))
                        .chain(eligible -> insert(conn, app, request, userId, eligible)));
    }

    /**
     * A second trigger while one is pending gets that one (issue #6). If it was not shown because the user was
     * offline, and the user may be prompted now, it is shown now: the same rule as for a new one, so the answer is
     * still no oracle.
     */
    private Uni<Opened> again(SqlConnection conn, App app, long userId, Existing existing) {
        if (existing.opened().prompted()) {
            return Uni.createFrom().item(existing.opened());
        }
        return eligibility(conn, app, userId, existing.scopes()).chain(eligible -> !eligible.pushed() ? Uni.createFrom().item(existing.opened())
                : conn.preparedQuery("UPDATE authorization_prompt SET pushed = true, scopes = $2 WHERE id = $1")
                .execute(Tuple.of(existing.requestId(), eligible.scopes().toArray(String[]::new)))
                .chain(() -> conn.preparedQuery("INSERT INTO authorization_prompt_event (prompt_id, event, detail) VALUES ($1, 'opened', $2)")
                        .execute(Tuple.of(existing.requestId(), "pushed on a later trigger")))
                .chain(() -> channel.notifyUser(conn, userId))
                .invoke(() -> LOG.infof("Authorization prompt %s of %s pushed to user %d on a later trigger", existing.requestId(),
                        app.clientId, userId))
                .replaceWith(new Opened(existing.requestId(), requests.authorizeUrl(app.clientId, existing.redirectUri(),
                        String.join(" ", eligible.scopes()), existing.state()), true, existing.opened().expiresIn(), true)));
    }

    /** The pending request of this (app, user), if any. */
    private Uni<Existing> stillPending(SqlConnection conn, App app, long userId) {
        return conn.preparedQuery("""
                        SELECT id, scopes, redirect_uri, state, pushed,
                               ceil(extract(epoch FROM expires_at - now()))::bigint AS remaining
                        FROM authorization_prompt WHERE appid = $1 AND user_id = $2 AND status = 'pending'""")
                .execute(Tuple.of(app.appid, userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    Set<String> scopes = new LinkedHashSet<>(Arrays.asList(row.getArrayOfStrings("scopes")));
                    return new Existing(new Opened(row.getString("id"), requests.authorizeUrl(app.clientId, row.getString("redirect_uri"),
                            String.join(" ", scopes), row.getString("state")),
                            row.getBoolean("pushed"), Math.max(1, row.getLong("remaining")), true),
                            scopes, row.getString("redirect_uri"), row.getString("state"));
                });
    }

    /** Counts every request the app opened, for anyone: the limit itself must not depend on who was named. */
    private Uni<Void> withinRate(SqlConnection conn, long appid) {
        return conn.preparedQuery("""
                        SELECT count(*) AS opened,
                               ceil(extract(epoch FROM min(created_at) + interval '1 minute' - now()))::bigint AS wait
                        FROM authorization_prompt WHERE appid = $1 AND created_at > now() - interval '1 minute'""")
                .execute(Tuple.of(appid))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getLong("opened") >= config.prompts().rateLimit()) {
                        Long wait = row.getLong("wait");
                        throw new Refused(429, "slow_down", "too many authorization requests from this app; try again later",
                                Math.max(1, wait == null ? 60 : wait));
                    }
                    return null;
                });
    }

    /** What is known now of the named user and this app, decided by {@link Eligibility#decide}. */
    private Uni<Eligibility.Decision> eligibility(SqlConnection conn, App app, Long userId, Set<String> requested) {
        if (userId == null) {
            return Uni.createFrom().item(Eligibility.noUser(requested));
        }
        return conn.preparedQuery("""
                        SELECT EXISTS (SELECT 1 FROM app_user u WHERE u.id = $1 AND u.status = 'active') AS active,
                               (SELECT c.scopes FROM consent c WHERE c.user_id = $1 AND c.appid = $2) AS granted,
                               EXISTS (SELECT 1 FROM prompt_mute WHERE user_id = $1 AND appid = $2) AS muted,
                               EXISTS (SELECT 1 FROM user_presence WHERE user_id = $1 AND (
                                         (connections > 0 AND seen_at > now() - make_interval(secs => $3))
                                         OR seen_at > now() - make_interval(secs => $4))) AS online""")
                .execute(Tuple.of(userId, app.appid, (double) Presence.staleAfter(config).toMillis() / 1000,
                        (double) config.prompts().presenceGrace().toMillis() / 1000))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Set<String> granted = row.getValue("granted") == null ? null : Set.of(row.getArrayOfStrings("granted"));
                    return Eligibility.decide(new Eligibility.Facts(row.getBoolean("active"), granted, app.promptFirstParty,
                            row.getBoolean("muted"), row.getBoolean("online")), requested);
                });
    }

    private Uni<Opened> insert(SqlConnection conn, App app, AuthorizationRequest request, Long userId, Eligibility.Decision eligible) {
        String id = PromptIds.newId();
        String why = eligible.why().auditDetail();
        boolean pushed = eligible.pushed();
        String[] scopes = eligible.scopes().toArray(String[]::new);
        long lifetime = config.prompts().lifetime().toSeconds();
        return conn.preparedQuery("""
                        INSERT INTO authorization_prompt (id, appid, user_id, scopes, redirect_uri, state, status, pushed, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, now() + make_interval(secs => $8))""")
                .execute(Tuple.from(Arrays.asList(id, app.appid, userId == null ? (Object) null : userId, scopes,
                        request.redirectUri(), request.state(), pushed, (double) lifetime)))
                .chain(() -> conn.preparedQuery("INSERT INTO authorization_prompt_event (prompt_id, event, detail) VALUES ($1, 'opened', $2)")
                        .execute(Tuple.of(id, why)))
                .chain(() -> pushed ? channel.notifyUser(conn, userId) : Uni.createFrom().voidItem())
                .invoke(() -> LOG.infof("Authorization prompt %s opened by %s for user %s: %s", id, app.clientId,
                        userId == null ? "-" : userId, why))
                .map(ignored -> new Opened(id, requests.authorizeUrl(app.clientId, request.redirectUri(),
                        String.join(" ", scopes), request.state()), pushed, lifetime, true));
    }
}
