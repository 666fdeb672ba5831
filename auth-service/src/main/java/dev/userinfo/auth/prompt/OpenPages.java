package dev.userinfo.auth.prompt;

import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    }

    private final ConcurrentHashMap<Long, Set<Page>> pages = new ConcurrentHashMap<>();

    void add(Page page) {
        pages.computeIfAbsent(page.userId(), id -> ConcurrentHashMap.newKeySet()).add(page);
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
