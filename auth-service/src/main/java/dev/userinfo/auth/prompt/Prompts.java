package dev.userinfo.auth.prompt;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.authorize.AuthorizationError;
import dev.userinfo.auth.authorize.AuthorizationFlow;
import dev.userinfo.auth.authorize.AuthorizationRequest;
import dev.userinfo.auth.authorize.AuthorizationRequestParser;
import dev.userinfo.auth.authorize.Dialect;
import dev.userinfo.auth.authorize.RequestRefused;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.key.KeyEncryption;
import dev.userinfo.auth.session.FormBody;
import dev.userinfo.auth.session.SignedIn;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The rules of seed 000's pushed authorization prompt (issue #6), in one place. An app's tokenless call opens an
 * authorization request; it is pushed to the user's open pages only when the user has authorized this app before,
 * has not muted it, and is online. Whoever else the app names gets the same answer, prompted or not, so the answer
 * is no oracle for who exists or is online. One pending request per (app, user); an app may open
 * {@code auth.prompts.rate-limit} a minute. The user's approval goes through the same grant as the consent page.
 */
@ApplicationScoped
public class Prompts {

    private static final Logger LOG = Logger.getLogger(Prompts.class);
    /** First key of pg_advisory_xact_lock(int, int): serializes one app's openings (one pending per user, rate). */
    private static final int OPEN_LOCK = 6000;
    private static final int ID_BYTES = 16;
    /**
     * A request's status as apps and operators see it: a pending one past its lifetime is expired, whether or not
     * the sweep (every {@code auth.prompts.sweep-interval}) has recorded it yet. Unqualified: only the prompt table
     * has these columns.
     */
    private static final String STATUS = "CASE WHEN status = 'pending' AND expires_at <= now() THEN 'expired' ELSE status END";

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

    /** The prompt cannot be answered (any more): unknown, someone else's, answered or expired. */
    public static final class NotAnswerable extends RuntimeException {
        NotAnswerable(String message) {
            super(message, null, false, false);
        }
    }

    /** What the app's poll sees (CIBA-like, README "Authorization prompts"). */
    public record PollState(String requestId, String status, long expiresIn, String code, String state, String redirectUri) {
    }

    /** A prompt to show on the user's pages. */
    public record Pending(String id, String clientId, String appName, String logoUrl, String description,
                          List<String> scopes, String redirectUri, long expiresIn) {
    }

    private final Pool pool;
    private final AppRegistry apps;
    private final AuthorizationRequestParser parser;
    private final AuthorizationFlow flow;
    private final KeyEncryption sealing;
    private final AuthConfig config;
    private final SecureRandom random = new SecureRandom();

    public Prompts(Pool pool, AppRegistry apps, AuthorizationRequestParser parser, AuthorizationFlow flow,
                   KeyEncryption sealing, AuthConfig config) {
        this.pool = pool;
        this.apps = apps;
        this.parser = parser;
        this.flow = flow;
        this.sealing = sealing;
        this.config = config;
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
            String state = randomId();
            boolean proven = proven(app, proof);
            return parse(app.clientId, redirectUri, scope, state)
                    .onFailure(AuthorizationError.class).transform(e -> Refused.badRequest(
                            "invalid_scope".equals(((AuthorizationError) e).error()) ? "invalid_scope" : "invalid_request", e.getMessage()))
                    .onFailure(RequestRefused.class).transform(e -> Refused.badRequest("invalid_request", e.getMessage()))
                    .chain(request -> proven ? pool.withTransaction(conn -> openLocked(conn, app, request, userId))
                            // Issue #13 item 4: no request, no state a stranger could wait on, nothing counted.
                            : Uni.createFrom().item(new Opened(null, authorizeUrl(app.clientId, redirectUri,
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
                .chain(() -> expire(conn, app.appid))
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
                .chain(() -> notifyUser(conn, userId))
                .invoke(() -> LOG.infof("Authorization prompt %s of %s pushed to user %d on a later trigger", existing.requestId(),
                        app.clientId, userId))
                .replaceWith(new Opened(existing.requestId(), authorizeUrl(app.clientId, existing.redirectUri(),
                        String.join(" ", eligible.scopes()), existing.state()), true, existing.opened().expiresIn(), true)));
    }

    /** A pending request as stored. */
    private record Existing(Opened opened, Set<String> scopes, String redirectUri, String state) {
        String requestId() {
            return opened.requestId();
        }
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
                    Set<String> scopes = new java.util.LinkedHashSet<>(Arrays.asList(row.getArrayOfStrings("scopes")));
                    return new Existing(new Opened(row.getString("id"), authorizeUrl(app.clientId, row.getString("redirect_uri"),
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

    /**
     * Why the user is (not) prompted ({@code why}, for the audit trail; "pushed" when they are) and the scopes the
     * prompt may carry. Only a user who is active, authorized this app (or the operator made it first-party), has
     * not muted it and has a page open (or closed one within the grace period) is prompted. Issue #13 item 4: a
     * prompt never widens a consent, so for an authorized app it carries only requested ∩ granted scopes.
     */
    private record Eligibility(String why, Set<String> scopes) {
        boolean pushed() {
            return "pushed".equals(why);
        }
    }

    private Uni<Eligibility> eligibility(SqlConnection conn, App app, Long userId, Set<String> requested) {
        if (userId == null) {
            return Uni.createFrom().item(new Eligibility("no user_id", requested));
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
                    String[] granted = row.getValue("granted") == null ? null : row.getArrayOfStrings("granted");
                    if (!row.getBoolean("active") || (granted == null && !app.promptFirstParty)) {
                        return new Eligibility("not authorized before", requested);
                    }
                    Set<String> scopes = new java.util.LinkedHashSet<>(requested);
                    if (granted != null) {
                        scopes.retainAll(Set.of(granted));
                        if (scopes.isEmpty()) {
                            return new Eligibility("no granted scope requested", requested);
                        }
                    }
                    if (row.getBoolean("muted")) {
                        return new Eligibility("muted", scopes);
                    }
                    return new Eligibility(row.getBoolean("online") ? "pushed" : "offline", scopes);
                });
    }

    private Uni<Opened> insert(SqlConnection conn, App app, AuthorizationRequest request, Long userId, Eligibility eligible) {
        String id = "pr_" + randomId();
        String why = eligible.why();
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
                .chain(() -> pushed ? notifyUser(conn, userId) : Uni.createFrom().voidItem())
                .invoke(() -> LOG.infof("Authorization prompt %s opened by %s for user %s: %s", id, app.clientId,
                        userId == null ? "-" : userId, why))
                .map(ignored -> new Opened(id, authorizeUrl(app.clientId, request.redirectUri(),
                        String.join(" ", scopes), request.state()), pushed, lifetime, true));
    }

    /** What the app sees when it polls its own request; null for an unknown id or another app's. */
    public Uni<PollState> poll(App app, String requestId) {
        if (!wellFormedId(requestId)) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("""
                        SELECT %s AS status, state, redirect_uri, code_sealed,
                               ceil(extract(epoch FROM expires_at - now()))::bigint AS remaining
                        FROM authorization_prompt WHERE id = $1 AND appid = $2""".formatted(STATUS))
                .execute(Tuple.of(requestId, app.appid))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    String status = row.getString("status");
                    return switch (status) {
                        case "pending" -> new PollState(requestId, status, Math.max(1, row.getLong("remaining")), null, null, null);
                        case "approved" -> {
                            io.vertx.mutiny.core.buffer.Buffer sealed = row.getBuffer("code_sealed");
                            String code = sealed == null ? null : new String(sealing.decrypt(sealKid(requestId), sealed.getBytes()),
                                    StandardCharsets.UTF_8);
                            yield new PollState(requestId, status, 0, code, row.getString("state"), row.getString("redirect_uri"));
                        }
                        default -> new PollState(requestId, status, 0, null, null, null);
                    };
                });
    }

    /**
     * The user approves in the prompt: the same consent and code as the consent page, in one transaction with the
     * prompt's change of state. Returns where the browser goes: the app's redirect URI with code and state.
     */
    public Uni<String> approve(String requestId, SignedIn user) {
        return answerable(requestId, user.userId())
                .invoke(Prompts::withinGrant)
                .chain(row -> parse(row.getString("client_id"), row.getString("redirect_uri"),
                        String.join(" ", row.getArrayOfStrings("scopes")), row.getString("state"))
                        // The app was disabled, or lost a scope or its redirect URI, since the prompt opened.
                        .onFailure(f -> f instanceof AuthorizationError || f instanceof RequestRefused)
                        .transform(f -> new NotAnswerable("the app can no longer make this request")))
                .chain(request -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                        UPDATE authorization_prompt SET status = 'approved', answered_at = now()
                                        WHERE id = :id AND user_id = :user AND pushed AND status = 'pending' AND expires_at > now()""")
                                .setParameter("id", requestId).setParameter("user", user.userId()).executeUpdate())
                        .chain(claimed -> {
                            if (claimed == 0) {
                                throw new NotAnswerable("this request was already answered or has expired");
                            }
                            return flow.grant(request, user);
                        })
                        .call(issued -> Panache.getSession().chain(session -> session.createNativeQuery(
                                        "UPDATE authorization_prompt SET code_sealed = :sealed WHERE id = :id")
                                .setParameter("sealed", sealing.encrypt(sealKid(requestId), issued.code().getBytes(StandardCharsets.UTF_8)))
                                .setParameter("id", requestId).executeUpdate()))
                        .call(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                        INSERT INTO authorization_prompt_event (prompt_id, event)
                                        SELECT :id, 'approved' FROM (SELECT pg_notify(:channel, :user)) AS notified""")
                                .setParameter("id", requestId).setParameter("channel", config.prompts().channel())
                                .setParameter("user", Long.toString(user.userId())).executeUpdate())))
                        .invoke(() -> LOG.infof("Authorization prompt %s approved by user %d", requestId, user.userId()))
                        .map(issued -> flow.successRedirect(request, issued.code())));
    }

    /** The user declines: nothing is issued; the app's poll sees denied. */
    public Uni<Void> deny(String requestId, SignedIn user) {
        if (!wellFormedId(requestId)) {
            return Uni.createFrom().failure(new NotAnswerable("no such request"));
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                WITH denied AS (
                                  UPDATE authorization_prompt SET status = 'denied', answered_at = now()
                                  WHERE id = $1 AND user_id = $2 AND pushed AND status = 'pending' AND expires_at > now()
                                  RETURNING id)
                                INSERT INTO authorization_prompt_event (prompt_id, event) SELECT id, 'denied' FROM denied""")
                        .execute(Tuple.of(requestId, user.userId()))
                        .chain(rows -> {
                            if (rows.rowCount() == 0) {
                                throw new NotAnswerable("this request was already answered or has expired");
                            }
                            return notifyUser(conn, user.userId());
                        }))
                .invoke(() -> LOG.infof("Authorization prompt %s denied by user %d", requestId, user.userId()));
    }

    /** The prompts to show on this user's pages now: pushed, pending, unexpired, of enabled apps not muted since. */
    public Uni<List<Pending>> pendingFor(long userId) {
        return pool.preparedQuery("""
                        SELECT p.id, p.scopes, p.redirect_uri, ceil(extract(epoch FROM p.expires_at - now()))::bigint AS remaining,
                               a.client_id, a.name, a.logo_url, a.description
                        FROM authorization_prompt p JOIN app a ON a.appid = p.appid
                        WHERE p.user_id = $1 AND p.status = 'pending' AND p.pushed AND p.expires_at > now() AND a.enabled
                          AND NOT EXISTS (SELECT 1 FROM prompt_mute m WHERE m.user_id = p.user_id AND m.appid = p.appid)
                        ORDER BY p.created_at""")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>();
                    for (Row row : rows) {
                        pending.add(new Pending(row.getString("id"), row.getString("client_id"), row.getString("name"),
                                row.getString("logo_url"), row.getString("description"),
                                List.of(row.getArrayOfStrings("scopes")), row.getString("redirect_uri"),
                                Math.max(1, row.getLong("remaining"))));
                    }
                    return pending;
                });
    }

    /** Marks every prompt past its lifetime expired (audited), tells the pages, and forgets sealed codes and old rows. */
    public Uni<Integer> sweep() {
        long codeSeconds = config.codes().lifetime().toSeconds();
        return pool.withTransaction(conn -> expire(conn, null)
                .call(() -> conn.preparedQuery("""
                                UPDATE authorization_prompt SET code_sealed = NULL
                                WHERE code_sealed IS NOT NULL AND answered_at < now() - make_interval(secs => $1)""")
                        .execute(Tuple.of((double) codeSeconds)))
                .call(() -> conn.preparedQuery("""
                                DELETE FROM authorization_prompt WHERE id IN
                                (SELECT id FROM authorization_prompt WHERE created_at < now() - make_interval(secs => $1) LIMIT 10000)""")
                        .execute(Tuple.of((double) config.prompts().retention().toSeconds()))));
    }

    /** Expires the due prompts (of one app, or all), records each expiry and notifies the users who were shown one. */
    private Uni<Integer> expire(SqlConnection conn, Long appid) {
        return conn.preparedQuery("""
                        WITH expired AS (
                          UPDATE authorization_prompt SET status = 'expired', answered_at = now()
                          WHERE status = 'pending' AND expires_at <= now() AND ($1::bigint IS NULL OR appid = $1)
                          RETURNING id, user_id, pushed),
                        logged AS (INSERT INTO authorization_prompt_event (prompt_id, event) SELECT id, 'expired' FROM expired)
                        SELECT (SELECT count(*) FROM expired) AS expired,
                               (SELECT count(*) FROM (SELECT pg_notify($2, user_id::text) FROM (SELECT DISTINCT user_id FROM expired WHERE pushed) u) n) AS told""")
                .execute(Tuple.of(appid, config.prompts().channel()))
                .map(rows -> rows.iterator().next().getLong("expired").intValue());
    }

    /** Mutes or unmutes an app the user has authorized; false when they have not authorized such an app. */
    public Uni<Boolean> mute(long userId, String clientId, boolean muted) {
        if (!AppRegistry.isWellFormedClientId(clientId)) {
            return Uni.createFrom().item(false);
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT a.appid FROM consent c JOIN app a ON a.appid = c.appid WHERE c.user_id = $1 AND a.client_id = $2""")
                .execute(Tuple.of(userId, clientId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    long appid = rows.iterator().next().getLong("appid");
                    String sql = muted ? "INSERT INTO prompt_mute (user_id, appid) VALUES ($1, $2) ON CONFLICT DO NOTHING"
                            : "DELETE FROM prompt_mute WHERE user_id = $1 AND appid = $2";
                    // The user's pages drop (or may show again) that app's pending prompts.
                    return conn.preparedQuery(sql).execute(Tuple.of(userId, appid))
                            .chain(() -> notifyUser(conn, userId)).replaceWith(true);
                }));
    }

    /** The client_ids of the apps this user muted. */
    public Uni<Set<String>> mutedApps(long userId) {
        return pool.preparedQuery("SELECT a.client_id FROM prompt_mute m JOIN app a ON a.appid = m.appid WHERE m.user_id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    Set<String> muted = new HashSet<>();
                    rows.forEach(row -> muted.add(row.getString("client_id")));
                    return muted;
                });
    }

    /** One request and its audit trail, for operators. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Audited(@com.fasterxml.jackson.annotation.JsonProperty("request_id") String requestId,
                          @com.fasterxml.jackson.annotation.JsonProperty("client_id") String clientId,
                          @com.fasterxml.jackson.annotation.JsonProperty("user_id") Long userId,
                          List<String> scopes, String status, boolean prompted,
                          @com.fasterxml.jackson.annotation.JsonProperty("created_at") String createdAt,
                          @com.fasterxml.jackson.annotation.JsonProperty("expires_at") String expiresAt,
                          @com.fasterxml.jackson.annotation.JsonProperty("answered_at") String answeredAt,
                          List<AuditEvent> events) {
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record AuditEvent(String event, String detail, String at) {
    }

    /** Requests newest first, optionally of one app and/or one user, with every audit event. Never a code or state. */
    public Uni<List<Audited>> audit(String clientId, Long userId, int page, int size) {
        return pool.preparedQuery("""
                        SELECT p.id, a.client_id, p.user_id, p.scopes, %s AS status,
                               p.pushed, p.created_at, p.expires_at, p.answered_at,
                               coalesce((SELECT json_agg(json_build_object('event', e.event, 'detail', e.detail, 'at', e.at) ORDER BY e.id)
                                         FROM authorization_prompt_event e WHERE e.prompt_id = p.id), '[]'::json)::text AS events
                        FROM authorization_prompt p JOIN app a ON a.appid = p.appid
                        WHERE ($1::text IS NULL OR a.client_id = $1) AND ($2::bigint IS NULL OR p.user_id = $2)
                        ORDER BY p.created_at DESC, p.id LIMIT $3 OFFSET $4""".formatted(STATUS))
                .execute(Tuple.of(clientId, userId, size, (long) page * size))
                .map(rows -> {
                    List<Audited> audited = new ArrayList<>();
                    for (Row row : rows) {
                        List<AuditEvent> events = new ArrayList<>();
                        io.vertx.core.json.JsonArray array = new io.vertx.core.json.JsonArray(row.getString("events"));
                        for (int i = 0; i < array.size(); i++) {
                            io.vertx.core.json.JsonObject event = array.getJsonObject(i);
                            events.add(new AuditEvent(event.getString("event"), event.getString("detail"),
                                    java.time.OffsetDateTime.parse(event.getString("at")).toInstant().toString()));
                        }
                        audited.add(new Audited(row.getString("id"), row.getString("client_id"), row.getLong("user_id"),
                                List.of(row.getArrayOfStrings("scopes")), row.getString("status"), row.getBoolean("pushed"),
                                iso(row.getOffsetDateTime("created_at")), iso(row.getOffsetDateTime("expires_at")),
                                iso(row.getOffsetDateTime("answered_at")), events));
                    }
                    return audited;
                });
    }

    /** How many requests {@link #audit} pages through. */
    public Uni<Long> auditTotal(String clientId, Long userId) {
        return pool.preparedQuery("""
                        SELECT count(*) FROM authorization_prompt p JOIN app a ON a.appid = p.appid
                        WHERE ($1::text IS NULL OR a.client_id = $1) AND ($2::bigint IS NULL OR p.user_id = $2)""")
                .execute(Tuple.of(clientId, userId)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static String iso(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    private Uni<Row> answerable(String requestId, long userId) {
        if (!wellFormedId(requestId)) {
            return Uni.createFrom().failure(new NotAnswerable("no such request"));
        }
        return pool.preparedQuery("""
                        SELECT p.scopes, p.redirect_uri, p.state, a.client_id, a.prompt_first_party,
                               (SELECT c.scopes FROM consent c WHERE c.user_id = p.user_id AND c.appid = p.appid) AS granted
                        FROM authorization_prompt p JOIN app a ON a.appid = p.appid
                        WHERE p.id = $1 AND p.user_id = $2 AND p.pushed AND p.status = 'pending' AND p.expires_at > now()""")
                .execute(Tuple.of(requestId, userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotAnswerable("this request was already answered or has expired");
                    }
                    return rows.iterator().next();
                });
    }

    /**
     * Issue #13 item 4: approving a prompt never widens a consent. Its scopes must still be within what the user
     * granted (withdrawn or narrowed since it opened: refused); without a consent only a first-party app's prompt
     * may be the first one.
     */
    private static void withinGrant(Row row) {
        String[] granted = row.getValue("granted") == null ? null : row.getArrayOfStrings("granted");
        boolean ok = granted == null ? row.getBoolean("prompt_first_party")
                : Set.of(granted).containsAll(Arrays.asList(row.getArrayOfStrings("scopes")));
        if (!ok) {
            throw new NotAnswerable("the app can no longer make this request");
        }
    }

    private Uni<Void> notifyUser(SqlConnection conn, long userId) {
        return conn.preparedQuery("SELECT 1 FROM pg_notify($1, $2)").execute(Tuple.of(config.prompts().channel(), Long.toString(userId)))
                .replaceWithVoid();
    }

    /** The request as the authorization endpoint would receive it, validated by the same parser. */
    private Uni<AuthorizationRequest> parse(String clientId, String redirectUri, String scope, String state) {
        try {
            return parser.parse(Dialect.OAUTH2, FormBody.parseQuery(query(clientId, redirectUri, scope, state)));
        } catch (FormBody.BadForm e) {
            return Uni.createFrom().failure(Refused.badRequest("invalid_request", e.getMessage()));
        }
    }

    /** Where the app may send the user instead: the authorization endpoint with the same request and state. */
    String authorizeUrl(String clientId, String redirectUri, String scope, String state) {
        return config.issuer() + "/oauth2/authorize?" + query(clientId, redirectUri, scope, state);
    }

    /** Without a state (null) for an unproven call: the app adds its own (RFC 6749 §4.1.1). */
    private static String query(String clientId, String redirectUri, String scope, String state) {
        return "response_type=code&client_id=" + encode(clientId) + "&redirect_uri=" + encode(redirectUri)
                + "&scope=" + encode(scope == null ? "" : scope) + (state == null ? "" : "&state=" + encode(state));
    }

    private static String encode(String value) {
        // %20 rather than '+' for spaces, as the seed's own example writes the scope.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String randomId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Only ids this service could have made are looked up. */
    static boolean wellFormedId(String id) {
        return id != null && id.length() == 25 && id.startsWith("pr_") && id.substring(3).chars().allMatch(c ->
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    private static String sealKid(String requestId) {
        return "prompt-code:" + requestId;
    }
}
