package dev.userinfo.auth.prompt;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.contracts.metrics.PlatformMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The signed-in pages' event streams on this pod: one opens per page ({@code GET /me/events}, the user is online
 * while it lasts), and each is sent every prompt it should show whenever the user's prompts change
 * ({@link PromptChannel}).
 */
// Created at start so its failure counter is exported (at 0) before the first failure (docs/metrics.md).
@io.quarkus.runtime.Startup
@ApplicationScoped
public class PromptStreams {

    private static final Logger LOG = Logger.getLogger(PromptStreams.class);

    /** A prompt to show on the user's pages. */
    public record Pending(String id, String clientId, String appName, String logoUrl, String description,
                          List<String> scopes, String redirectUri, long expiresIn) {
    }

    private final Pool pool;
    private final OpenPages pages;
    private final Presence presence;
    private final PromptPage page;
    /** Prompts that changed while their user's pages here could not be sent them (issue #16 item 9). */
    private final Counter pushFailures;

    public PromptStreams(Pool pool, OpenPages pages, Presence presence, PromptPage page, MeterRegistry meters) {
        this.pool = pool;
        this.pages = pages;
        this.presence = presence;
        this.page = page;
        this.pushFailures = Counter.builder(PlatformMeters.PROMPT_PUSH_FAILURES).tag("stage", "push")
                .description("Seed 000 prompt changes that could not be sent to a user's open pages").register(meters);
    }

    /** Opens a page's stream: the user is online while it lasts, and sees their pending prompts at once. */
    public Multi<OutboundSseEvent> open(SignedIn user, String sessionId, Locale locale, Sse sse) {
        String sessionHash = HexFormat.of().formatHex(ClientSecrets.hash(sessionId));
        return Multi.createFrom().emitter(emitter -> {
            OpenPages.Page opened = new OpenPages.Page(user.userId(), sessionHash, locale, emitter, sse);
            emitter.onTermination(() -> {
                pages.remove(opened);
                presence.changed(user.userId());
            });
            // After onTermination: a pod that is stopping ends the new stream at once (OpenPages#add).
            pages.add(opened);
            // Counted before the first snapshot goes out: a page that has its first event is online everywhere.
            presence.opened(user.userId()).subscribe().with(ok -> push(user.userId()));
        });
    }

    /** Sends the user's pages on this pod their pending prompts. */
    void push(long userId) {
        Set<OpenPages.Page> set = pages.of(userId);
        LOG.debugf("Prompts of user %d changed: %d open pages here", userId, set.size());
        if (set.isEmpty()) {
            return;
        }
        pendingFor(userId).subscribe().with(pending -> {
            for (OpenPages.Page open : set) {
                open.send("prompts", page.render(pending, open.locale()));
            }
        }, failure -> {
            pushFailures.increment();
            LOG.warnf("Loading the prompts of a user failed: %s", failure.getMessage());
        });
    }

    /** The prompts to show on this user's pages now: pushed, pending, unexpired, of enabled apps not muted since. */
    private Uni<List<Pending>> pendingFor(long userId) {
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
}
