package dev.userinfo.auth.prompt;

import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** This pod's open signed-in pages, per user: the event streams ({@code GET /me/events}) prompts are pushed to. */
@ApplicationScoped
public class OpenPages {

    /** One open page: whose, in which language, its session (hashed) and its stream. */
    record Page(long userId, String sessionHash, Locale locale, MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {

        void send(String event, String data) {
            if (!emitter.isCancelled()) {
                emitter.emit(sse.newEventBuilder().name(event).data(data).build());
            }
        }

        /** Ends the stream; the browser reconnects (to any pod) if its session still holds. */
        void close() {
            emitter.complete();
        }

        /**
         * Ends the stream with a reconnection time (an SSE comment and {@code retry} field, which an EventSource
         * keeps for its next attempt) because this pod is stopping.
         */
        void closeForShutdown(long retryMillis) {
            if (!emitter.isCancelled()) {
                emitter.emit(sse.newEventBuilder().comment("server shutting down").reconnectDelay(retryMillis).build());
            }
            emitter.complete();
        }
    }

    private final ConcurrentHashMap<Long, Set<Page>> pages = new ConcurrentHashMap<>();
    private final Duration reconnectDelay;
    private volatile boolean stopping;

    public OpenPages(AuthConfig config) {
        this.reconnectDelay = config.prompts().reconnectDelay();
    }

    /** Adds an opened page; once the pod is stopping, the page is told at once to reconnect elsewhere instead. */
    void add(Page page) {
        pages.computeIfAbsent(page.userId(), id -> ConcurrentHashMap.newKeySet()).add(page);
        if (stopping) {
            page.closeForShutdown(retryMillis());
        }
    }

    /**
     * SIGTERM (Quarkus' shutdown delay begins, readiness turns DOWN): every stream ends now with a retry hint, so the
     * browsers reconnect to another pod and the HTTP drain (quarkus.shutdown.timeout) does not wait for streams that
     * never end on their own (issue #16, 6).
     */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        all().forEach(page -> page.closeForShutdown(retryMillis()));
    }

    private long retryMillis() {
        long base = Math.max(1, reconnectDelay.toMillis());
        return base + ThreadLocalRandom.current().nextLong(base + 1);
    }

    void remove(Page page) {
        Set<Page> set = pages.get(page.userId());
        if (set != null) {
            set.remove(page);
        }
    }

    /** How many pages of this user are open on this pod (tests, metrics). */
    public int count(long userId) {
        Set<Page> set = pages.get(userId);
        return set == null ? 0 : set.size();
    }

    /** This user's open pages here (a live view; empty when none). */
    Set<Page> of(long userId) {
        Set<Page> set = pages.get(userId);
        return set == null ? Set.of() : set;
    }

    /** The users with pages here, or whose last page closed since the last {@link #forgetIfNone}. */
    Set<Long> users() {
        return pages.keySet();
    }

    List<Page> all() {
        List<Page> all = new ArrayList<>();
        pages.values().forEach(all::addAll);
        return all;
    }

    /** Forgets a user whose count of 0 is being recorded, unless a page opened meanwhile. */
    void forgetIfNone(long userId) {
        pages.computeIfPresent(userId, (id, set) -> set.isEmpty() ? null : set);
    }

    /** Tells every page the stream is alive (a proxy would otherwise time it out). */
    void ping() {
        all().forEach(page -> page.send("ping", ""));
    }

    void closeAll() {
        all().forEach(Page::close);
    }
}
