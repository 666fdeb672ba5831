package dev.userinfo.info.profile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.userinfo.info.config.UserinfoConfig;
import dev.userinfo.info.geo.IpCountryDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads users for the dialects, from memory when it can.
 *
 * <p>Correctness rules of the cache: it is used only while {@link ChangeFeed} listens; every write invalidates
 * the users it touched on this pod after commit and on all pods through NOTIFY; a load that overlapped any
 * invalidation is returned but not cached (it may have read the old row); another IP-to-country database on this pod
 * drops every entry (locations are computed when a user is read); entries expire after {@code userinfo.cache.ttl}
 * whatever happens.
 */
@ApplicationScoped
public class UserDirectory {

    // One round trip: the profile, its organisations with roles and its groups per app. The country of the last
    // login address is looked up in Java (IpCountryDatabase) when the row is read, and cached with it.
    private static final String LOAD = """
            SELECT p.user_id, p.account, COALESCE(p.nickname, p.display_name) AS nickname, p.avatar_url, p.gender,
                   p.email, p.phone, p.status, p.chat_duration_seconds, host(p.last_login_ip) AS last_login_ip,
                   COALESCE((SELECT json_agg(json_build_object('id', o.org_id, 'code', o.org_code, 'name', o.org_name,
                                 'roles', COALESCE((SELECT json_agg(json_build_object('id', r.role_id, 'code', r.role_code,
                                                                   'name', r.role_name) ORDER BY r.role_id)
                                                    FROM membership_role mr JOIN role r ON r.role_id = mr.role_id
                                                    WHERE mr.user_id = m.user_id AND mr.org_id = m.org_id), '[]'::json))
                                 ORDER BY o.org_id)
                             FROM membership m JOIN org o ON o.org_id = m.org_id WHERE m.user_id = p.user_id), '[]'::json) AS orgs,
                   COALESCE((SELECT json_agg(json_build_array(g.app_id, g.group_id) ORDER BY g.app_id, g.group_id)
                             FROM group_member g WHERE g.user_id = p.user_id), '[]'::json) AS groups
            FROM profile p WHERE p.user_id = $1""";

    private final Pool pool;
    private final IpCountryDatabase countries;
    private final Cache<Long, Optional<UserSnapshot>> cache;
    private final AtomicLong invalidations = new AtomicLong();
    private volatile boolean listening;

    public UserDirectory(Pool pool, UserinfoConfig config, IpCountryDatabase countries, MeterRegistry meters) {
        this.pool = pool;
        this.countries = countries;
        this.cache = config.cache().maxSize() > 0
                ? Caffeine.newBuilder().maximumSize(config.cache().maxSize()).expireAfterWrite(config.cache().ttl())
                        .recordStats().build()
                : null;
        if (cache != null) {
            // Issue #19: cache.size/gets/evictions{cache="users"}; about 1 KB a user (README, "Memory").
            CaffeineCacheMetrics.monitor(meters, cache, "users");
        }
    }

    /** The user, or empty if this service has never heard of them. */
    public Uni<Optional<UserSnapshot>> find(long userId) {
        boolean cacheable = cache != null && listening;
        if (cacheable) {
            Optional<UserSnapshot> known = cache.getIfPresent(userId);
            if (known != null) {
                return Uni.createFrom().item(known);
            }
        }
        long before = invalidations.get();
        return pool.preparedQuery(LOAD).execute(Tuple.of(userId)).map(rows -> {
            Optional<UserSnapshot> found = rows.iterator().hasNext() ? Optional.of(snapshot(rows.iterator().next())) : Optional.empty();
            if (cacheable && listening && invalidations.get() == before) {
                cache.put(userId, found);
            }
            return found;
        });
    }

    public void invalidate(long userId) {
        invalidations.incrementAndGet();
        if (cache != null) {
            cache.invalidate(userId);
        }
    }

    public void invalidate(Collection<Long> userIds) {
        userIds.forEach(this::invalidate);
    }

    public void invalidateAll() {
        invalidations.incrementAndGet();
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** Another IP-to-country database on this pod: every cached location may be stale (each pod swaps its own file). */
    void countriesReplaced(@Observes IpCountryDatabase.Replaced replaced) {
        invalidateAll();
    }

    /** Called by {@link ChangeFeed}: while not listening we cannot hear changes, so nothing cached is trusted. */
    void listening(boolean now) {
        invalidateAll();
        listening = now;
        invalidateAll();
    }

    public boolean listening() {
        return listening;
    }

    private UserSnapshot snapshot(Row row) {
        List<UserSnapshot.OrgMembership> orgs = new ArrayList<>();
        for (Object o : json(row, "orgs")) {
            JsonObject org = (JsonObject) o;
            List<UserSnapshot.Role> roles = new ArrayList<>();
            for (Object r : org.getJsonArray("roles")) {
                JsonObject role = (JsonObject) r;
                roles.add(new UserSnapshot.Role(role.getLong("id"), role.getString("code"), role.getString("name")));
            }
            orgs.add(new UserSnapshot.OrgMembership(org.getLong("id"), org.getString("code"), org.getString("name"), List.copyOf(roles)));
        }
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        for (Object g : json(row, "groups")) {
            JsonArray pair = (JsonArray) g;
            groups.computeIfAbsent(pair.getLong(0), k -> new ArrayList<>()).add(pair.getInteger(1));
        }
        groups.replaceAll((k, v) -> List.copyOf(v));
        return new UserSnapshot(row.getLong("user_id"), row.getString("account"), row.getString("nickname"),
                row.getString("avatar_url"), row.getInteger("gender"), row.getString("email"), row.getString("phone"),
                row.getString("status"), row.getLong("chat_duration_seconds"), countries.countryOf(row.getString("last_login_ip")),
                List.copyOf(orgs), Map.copyOf(groups));
    }

    private static JsonArray json(Row row, String column) {
        Object value = row.getValue(column);
        return value instanceof JsonArray array ? array : new JsonArray(String.valueOf(value));
    }
}
