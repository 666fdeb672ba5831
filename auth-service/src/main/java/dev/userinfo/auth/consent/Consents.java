package dev.userinfo.auth.consent;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.revocation.Revocations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Remembered consent per (user, app): what the consent page skips, and what the user may withdraw. */
@ApplicationScoped
public class Consents {

    /** One app the user has authorized, for the authorized apps page. */
    public record AuthorizedApp(App app, List<String> scopes, Instant grantedAt) {
    }

    private final Revocations revocations;

    public Consents(Revocations revocations) {
        this.revocations = revocations;
    }

    /** Whether the user has already granted this app every one of {@code scopes}. */
    public Uni<Boolean> covers(long userId, long appid, Collection<String> scopes) {
        return Panache.withSession(() -> Consent.<Consent>findById(new Consent.Key(userId, appid)))
                .map(consent -> consent != null && Set.of(consent.scopes).containsAll(scopes));
    }

    /** Remembers the approval: the stored scope set grows to include {@code scopes}. Joins a running transaction. */
    public Uni<Void> remember(long userId, long appid, Collection<String> scopes) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO consent (user_id, appid, scopes, granted_at, updated_at)
                        VALUES (:userId, :appid, string_to_array(:scopes, ' '), now(), now())
                        ON CONFLICT (user_id, appid) DO UPDATE SET
                          scopes = ARRAY(SELECT DISTINCT s FROM unnest(consent.scopes || EXCLUDED.scopes) AS s ORDER BY s),
                          updated_at = now()""")
                .setParameter("userId", userId).setParameter("appid", appid)
                .setParameter("scopes", String.join(" ", scopes)).executeUpdate())).replaceWithVoid();
    }

    /** How many users have a standing consent to the app: its users count in the developer console (issue #18). */
    public Uni<Long> users(long appid) {
        return Panache.withSession(() -> Consent.count("id.appid", appid));
    }

    /** The apps this user has authorized, newest first. */
    public Uni<List<AuthorizedApp>> list(long userId) {
        return Panache.withSession(() -> Consent.<Consent>list("id.userId = ?1 order by grantedAt desc", userId)
                .chain(consents -> consents.isEmpty() ? Uni.createFrom().item(List.<AuthorizedApp>of())
                        : App.<App>list("appid in ?1", consents.stream().map(c -> c.id.appid).toList())
                        .map(apps -> {
                            Map<Long, App> byId = apps.stream().collect(Collectors.toMap(a -> a.appid, Function.identity()));
                            return consents.stream().filter(c -> byId.containsKey(c.id.appid))
                                    .map(c -> new AuthorizedApp(byId.get(c.id.appid), Arrays.asList(c.scopes), c.grantedAt))
                                    .toList();
                        })));
    }

    /**
     * Withdraws the user's consent to the app: the consent row goes, and every grant and token the app holds for
     * the user is revoked and published to the resource services, in one transaction. False when the app is
     * unknown or the user had not authorized it (nothing changes then).
     */
    public Uni<Boolean> withdraw(long userId, String clientId) {
        return Panache.withTransaction(() -> App.byClientId(clientId).chain(app -> {
            if (app == null) {
                return Uni.createFrom().item(false);
            }
            return Consent.delete("id.userId = ?1 and id.appid = ?2", userId, app.appid).chain(deleted -> deleted == 0
                    ? Uni.createFrom().item(false)
                    : revocations.revokeUserApp(userId, app.appid, app.clientId, "consent withdrawn").replaceWith(true));
        }));
    }
}
