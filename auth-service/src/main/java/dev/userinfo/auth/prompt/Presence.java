package dev.userinfo.auth.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.authorize.AuthorizationPages;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.session.Lang;
import dev.userinfo.auth.session.PageText;
import dev.userinfo.auth.session.Pages;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.contracts.listen.ListenConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Who is online, and the pages prompts are pushed to. Each signed-in page holds an event stream
 * ({@code GET /me/events}) to one pod; that pod counts the user's open pages in {@code user_presence} (its own row,
 * refreshed every {@code auth.prompts.heartbeat}), so any pod can tell whether the user is online. Prompts reach
 * the pod holding the page through PostgreSQL LISTEN/NOTIFY on {@code auth.prompts.channel}: a notification names
 * a user, and each pod with pages of that user sends them the user's current pending prompts. A pod that stops
 * ends its streams; the browsers reconnect (to any pod) and are shown the pending prompts again.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);
    /** Session re-checks happen every this many heartbeats: a signed-out or disabled user's pages stop counting. */
    private static final int SESSION_CHECK_EVERY = 3;

    /** What a page receives: every prompt it should show now (it drops any other it shows). */
    @RegisterForReflection
    public record Snapshot(List<PromptView> prompts) {
    }

    /** One prompt as the page renders it, in the page's language. */
    @RegisterForReflection
    public record PromptView(String id, String action, String title, String intro, String app, String logo,
                             List<String> scopes, String redirect, String allow, String deny,
                             @com.fasterxml.jackson.annotation.JsonProperty("expires_in") long expiresIn) {
    }

    /** One open page: whose, in which language, its session (hashed) and its stream. */
    private record Page(long userId, String sessionHash, Locale locale, MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
    }

    private static final String UPSERT = """
            INSERT INTO user_presence (user_id, instance_id, connections, seen_at) VALUES ($1, $2, $3, now())
            ON CONFLICT (user_id, instance_id) DO UPDATE SET connections = EXCLUDED.connections, seen_at = now()""";

    private final Pool pool;
    private final Prompts prompts;
    private final AuthConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Config mpConfig;
    private final String instanceId = UUID.randomUUID().toString();
    private final ConcurrentHashMap<Long, Set<Page>> pages = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> changedUsers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;
    private long heartbeatTimer = -1;
    private long heartbeats;

    public Presence(Pool pool, Prompts prompts, AuthConfig config, ObjectMapper json, Vertx vertx, Config mpConfig) {
        this.pool = pool;
        this.prompts = prompts;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
        this.mpConfig = mpConfig;
    }

    /** A page's row counts as open this long after its pod's last heartbeat (a crashed pod stops refreshing it). */
    static Duration staleAfter(AuthConfig config) {
        return config.prompts().heartbeat().multipliedBy(3);
    }

    void start(@Observes StartupEvent event) {
        // Reconnects for ever; a prompt opened meanwhile is shown when the page reconnects.
        PgSubscriber sub = ListenConnection.subscriber(vertx, mpConfig);
        sub.channel(config.prompts().channel())
                .subscribeHandler(v -> {
                    listening = true;
                    LOG.debugf("Listening for prompts on channel %s", config.prompts().channel());
                })
                .endHandler(v -> listening = false)
                .handler(this::notified);
        sub.closeHandler(v -> listening = false);
        subscriber = sub;
        sub.connect().onFailure(e -> LOG.warnf("Cannot listen for prompts yet: %s", e.getMessage()));
        heartbeatTimer = vertx.setPeriodic(Math.max(100, config.prompts().heartbeat().toMillis()), id -> heartbeat());
    }

    void stop(@Observes ShutdownEvent event) {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        PgSubscriber sub = subscriber;
        if (sub != null) {
            sub.close();
        }
        // The pages reconnect to another pod; until then the grace period keeps their users online.
        pages.values().forEach(set -> set.forEach(page -> page.emitter().complete()));
        try {
            pool.preparedQuery("UPDATE user_presence SET connections = 0, seen_at = now() WHERE instance_id = $1")
                    .execute(Tuple.of(instanceId)).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // The rows go stale on their own after three heartbeats.
            LOG.debugf("Presence not cleared at shutdown: %s", e.getMessage());
        }
    }

    /** Whether this pod hears prompt notifications (readiness). */
    public boolean listening() {
        return listening;
    }

    /** Opens a page's stream: the user is online while it lasts, and sees their pending prompts at once. */
    public Multi<OutboundSseEvent> open(SignedIn user, String sessionId, Locale locale, Sse sse) {
        String sessionHash = HexFormat.of().formatHex(ClientSecrets.hash(sessionId));
        return Multi.createFrom().emitter(emitter -> {
            Page page = new Page(user.userId(), sessionHash, locale, emitter, sse);
            pages.computeIfAbsent(user.userId(), id -> ConcurrentHashMap.newKeySet()).add(page);
            emitter.onTermination(() -> {
                Set<Page> set = pages.get(user.userId());
                if (set != null) {
                    set.remove(page);
                }
                changed(user.userId());
            });
            // Counted before the first snapshot goes out: a page that has its first event is online everywhere.
            pool.preparedQuery(UPSERT).execute(Tuple.of(user.userId(), instanceId, openPages(user.userId())))
                    .subscribe().with(ok -> push(user.userId()), failure -> {
                        LOG.warnf("Recording presence failed (retried at the next heartbeat): %s", failure.getMessage());
                        changed(user.userId());
                        push(user.userId());
                    });
        });
    }

    /** How many pages of this user are open on this pod (tests, metrics). */
    public int openPages(long userId) {
        Set<Page> set = pages.get(userId);
        return set == null ? 0 : set.size();
    }

    private void notified(String payload) {
        try {
            push(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.debugf("Ignoring a prompt notification that names no user");
        }
    }

    /** Sends the user's pages on this pod their pending prompts. */
    private void push(long userId) {
        Set<Page> set = pages.get(userId);
        LOG.debugf("Prompts of user %d changed: %d open pages here", userId, set == null ? 0 : set.size());
        if (set == null || set.isEmpty()) {
            return;
        }
        prompts.pendingFor(userId).subscribe().with(pending -> {
            for (Page page : set) {
                send(page, "prompts", render(pending, page.locale()));
            }
        }, failure -> LOG.warnf("Loading the prompts of a user failed: %s", failure.getMessage()));
    }

    private static void send(Page page, String event, String data) {
        if (!page.emitter().isCancelled()) {
            page.emitter().emit(page.sse().newEventBuilder().name(event).data(data).build());
        }
    }

    private String render(List<Prompts.Pending> pending, Locale locale) {
        boolean chinese = Lang.chinese(locale);
        PageText text = Pages.text(locale);
        List<PromptView> views = new ArrayList<>();
        for (Prompts.Pending p : pending) {
            List<String> scopes = p.scopes().stream().map(s -> Scope.of(s).map(x -> x.description(chinese)).orElse(s)).toList();
            String logo = p.logoUrl() != null && p.logoUrl().startsWith("https://") ? p.logoUrl() : null;
            views.add(new PromptView(p.id(), "/me/prompts/" + p.id(), text.consent_title(p.appName()),
                    text.consent_intro(p.appName()), p.appName(), logo, scopes,
                    text.consent_redirect(AuthorizationPages.host(p.redirectUri())), text.consent_allow(), text.consent_deny(),
                    p.expiresIn()));
        }
        try {
            return json.writeValueAsString(new Snapshot(views));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records a user's page count on this pod; these writes are serialized and read the count when they run. */
    private void changed(long userId) {
        changedUsers.add(userId);
        writePresence();
    }

    private void writePresence() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        Set<Long> users = new HashSet<>();
        for (Long id; (id = changedUsers.poll()) != null; ) {
            users.add(id);
        }
        if (users.isEmpty()) {
            writing.set(false);
            if (!changedUsers.isEmpty()) {
                writePresence();
            }
            return;
        }
        List<Tuple> rows = new ArrayList<>();
        for (long user : users) {
            int open = openPages(user);
            if (open == 0) {
                pages.computeIfPresent(user, (id, set) -> set.isEmpty() ? null : set);
            }
            rows.add(Tuple.of(user, instanceId, open));
        }
        pool.preparedQuery(UPSERT).executeBatch(rows)
                .subscribe().with(ok -> {
                    writing.set(false);
                    writePresence();
                }, failure -> {
                    LOG.warnf("Recording presence failed (retried at the next heartbeat): %s", failure.getMessage());
                    changedUsers.addAll(users);
                    writing.set(false);
                });
    }

    /** Keeps this pod's open pages online, tells their browsers the stream is alive, and drops ended sessions. */
    private void heartbeat() {
        // Every local count is rewritten: concurrent opens and closes can only leave a count wrong until here.
        changedUsers.addAll(pages.keySet());
        writePresence();
        pool.preparedQuery("UPDATE user_presence SET seen_at = now() WHERE instance_id = $1 AND connections > 0")
                .execute(Tuple.of(instanceId))
                .chain(() -> pool.preparedQuery("DELETE FROM user_presence WHERE seen_at < now() - interval '1 hour'").execute())
                .subscribe().with(ok -> { }, failure -> LOG.warnf("Presence heartbeat failed: %s", failure.getMessage()));
        for (Set<Page> set : pages.values()) {
            for (Page page : set) {
                send(page, "ping", "");
            }
        }
        if (++heartbeats % SESSION_CHECK_EVERY == 0) {
            closeEndedSessions();
        }
    }

    /** Logout, expiry, a disabled or deleted user: that session's pages stop counting as online. */
    private void closeEndedSessions() {
        List<Page> open = new ArrayList<>();
        pages.values().forEach(open::addAll);
        if (open.isEmpty()) {
            return;
        }
        String[] hashes = open.stream().map(Page::sessionHash).distinct().toArray(String[]::new);
        pool.preparedQuery("""
                        SELECT encode(s.id_hash, 'hex') AS hash FROM browser_session s JOIN app_user u ON u.id = s.user_id
                        WHERE encode(s.id_hash, 'hex') = ANY($1) AND s.expires_at > now() AND u.status = 'active'""")
                .execute(Tuple.of(hashes))
                .subscribe().with(rows -> {
                    Set<String> live = new HashSet<>();
                    for (Row row : rows) {
                        live.add(row.getString("hash"));
                    }
                    open.stream().filter(page -> !live.contains(page.sessionHash())).forEach(page -> page.emitter().complete());
                }, failure -> LOG.warnf("Checking the sessions of open pages failed: %s", failure.getMessage()));
    }
}
