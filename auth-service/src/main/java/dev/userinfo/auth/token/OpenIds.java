package dev.userinfo.auth.token;

import dev.userinfo.auth.app.ClientSecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * open_id per (app, user): random on first use, then stable for that pair, and unlinkable across apps because
 * nothing about it is derived from the user id (DESIGN.md, Tokens; seed 001 返回说明 open_id).
 */
@ApplicationScoped
public class OpenIds {

    /**
     * The pair's open_id, created if this is the first time; concurrent first uses agree on one. An existing pair is
     * one read: only the first use writes, so token and refresh requests do not take a row lock here.
     */
    public Uni<String> forPair(long appid, long userId) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> existing(session, appid, userId)
                .chain(found -> found != null ? Uni.createFrom().item(found) : session.createNativeQuery("""
                                INSERT INTO open_id_mapping (appid, user_id, open_id) VALUES (:appid, :userId, :openId)
                                ON CONFLICT (appid, user_id) DO NOTHING""")
                        .setParameter("appid", appid).setParameter("userId", userId)
                        .setParameter("openId", ClientSecrets.generate().substring(0, 28))
                        .executeUpdate()
                        .chain(() -> existing(session, appid, userId)))));
    }

    private static Uni<String> existing(Mutiny.Session session, long appid, long userId) {
        return session.createNativeQuery("SELECT open_id FROM open_id_mapping WHERE appid = :appid AND user_id = :userId", String.class)
                .setParameter("appid", appid).setParameter("userId", userId)
                .getResultList().map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
