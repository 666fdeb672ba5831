package dev.userinfo.auth.prompt;

import dev.userinfo.auth.authorize.AuthorizationError;
import dev.userinfo.auth.authorize.AuthorizationFlow;
import dev.userinfo.auth.authorize.RequestRefused;
import dev.userinfo.auth.session.SignedIn;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The user's answer in a pushed prompt: approve (the same consent and code as the consent page) or deny. The
 * prompt's change of state runs in the grant's Panache transaction, because the grant persists entities; this is
 * the one class of the capability that writes through Panache (every other writes by hand with the reactive client).
 */
@ApplicationScoped
public class PromptAnswers {

    private static final Logger LOG = Logger.getLogger(PromptAnswers.class);

    /** The prompt cannot be answered (any more): unknown, someone else's, answered or expired. */
    public static final class NotAnswerable extends RuntimeException {
        NotAnswerable(String message) {
            super(message, null, false, false);
        }
    }

    /** A pushed, pending, unexpired prompt of this user, with the consent it may draw on. */
    private record Answerable(List<String> scopes, String redirectUri, String state, String clientId, boolean firstParty,
                              Set<String> granted) {
    }

    private final Pool pool;
    private final PromptRequests requests;
    private final AuthorizationFlow flow;
    private final PromptCodeSeal seal;
    private final PromptChannel channel;

    public PromptAnswers(Pool pool, PromptRequests requests, AuthorizationFlow flow, PromptCodeSeal seal, PromptChannel channel) {
        this.pool = pool;
        this.requests = requests;
        this.flow = flow;
        this.seal = seal;
        this.channel = channel;
    }

    /** The user approves: returns where the browser goes, the app's redirect URI with code and state. */
    public Uni<String> approve(String requestId, SignedIn user) {
        return answerable(requestId, user.userId())
                .invoke(prompt -> {
                    if (!Eligibility.stillApprovable(prompt.granted(), prompt.firstParty(), prompt.scopes())) {
                        throw new NotAnswerable("the app can no longer make this request");
                    }
                })
                .chain(prompt -> requests.parse(prompt.clientId(), prompt.redirectUri(), String.join(" ", prompt.scopes()), prompt.state())
                        // The app was disabled, or lost a scope or its redirect URI, since the prompt opened.
                        .onFailure(f -> f instanceof AuthorizationError || f instanceof RequestRefused)
                        .transform(f -> new NotAnswerable("the app can no longer make this request")))
                .chain(request -> Panache.withTransaction(() -> claim(requestId, user, PromptStatus.APPROVED)
                                .chain(() -> flow.grant(request, user))
                                .call(issued -> Panache.getSession().chain(session -> session.createNativeQuery(
                                                "UPDATE authorization_prompt SET code_sealed = :sealed WHERE id = :id")
                                        .setParameter("sealed", seal.seal(requestId, issued.code()))
                                        .setParameter("id", requestId).executeUpdate()))
                                .call(() -> recorded(requestId, user, PromptStatus.APPROVED)))
                        .invoke(() -> LOG.infof("Authorization prompt %s approved by user %d", requestId, user.userId()))
                        .map(issued -> flow.successRedirect(request, issued.code())));
    }

    /** The user declines: nothing is issued; the app's poll sees denied. */
    public Uni<Void> deny(String requestId, SignedIn user) {
        if (!PromptIds.wellFormed(requestId)) {
            return Uni.createFrom().failure(new NotAnswerable("no such request"));
        }
        return Panache.withTransaction(() -> claim(requestId, user, PromptStatus.DENIED)
                        .chain(() -> recorded(requestId, user, PromptStatus.DENIED)))
                .replaceWithVoid()
                .invoke(() -> LOG.infof("Authorization prompt %s denied by user %d", requestId, user.userId()));
    }

    /** Moves the prompt from pending to the answer, in the running transaction; only its user's answer, only once. */
    private static Uni<Void> claim(String requestId, SignedIn user, PromptStatus answer) {
        if (!PromptStatus.PENDING.canBecome(answer)) {
            throw new IllegalArgumentException("not an answer: " + answer);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                UPDATE authorization_prompt SET status = :status, answered_at = now()
                                WHERE id = :id AND user_id = :user AND pushed AND status = 'pending' AND expires_at > now()""")
                        .setParameter("status", answer.wire()).setParameter("id", requestId).setParameter("user", user.userId())
                        .executeUpdate())
                .invoke(claimed -> {
                    if (claimed == 0) {
                        throw new NotAnswerable("this request was already answered or has expired");
                    }
                })
                .replaceWithVoid();
    }

    /** The answer's audit event; the user's pages hear of it when the transaction commits and drop the prompt. */
    private Uni<Integer> recorded(String requestId, SignedIn user, PromptStatus answer) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO authorization_prompt_event (prompt_id, event)
                        SELECT :id, :event FROM (SELECT pg_notify(:channel, :user)) AS notified""")
                .setParameter("id", requestId).setParameter("event", answer.wire()).setParameter("channel", channel.name())
                .setParameter("user", Long.toString(user.userId())).executeUpdate());
    }

    /** Read before the transaction: a prompt that cannot be answered costs no transaction. */
    private Uni<Answerable> answerable(String requestId, long userId) {
        if (!PromptIds.wellFormed(requestId)) {
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
                    Row row = rows.iterator().next();
                    return new Answerable(Arrays.asList(row.getArrayOfStrings("scopes")), row.getString("redirect_uri"),
                            row.getString("state"), row.getString("client_id"), row.getBoolean("prompt_first_party"),
                            row.getValue("granted") == null ? null : Set.of(row.getArrayOfStrings("granted")));
                });
    }
}
