package dev.userinfo.info.admin.profile;

import static dev.userinfo.contracts.admin.AdminProblem.invalid;
import static dev.userinfo.info.admin.AdminInput.ipLiteral;
import static dev.userinfo.info.admin.AdminInput.optionalText;
import static dev.userinfo.info.admin.AdminInput.positive;
import static dev.userinfo.info.admin.AdminWrites.before;
import static dev.userinfo.info.admin.AdminWrites.run;

import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.info.admin.AdminQueries;
import dev.userinfo.info.admin.Touched;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The fields this service owns on delivered profiles, and memberships: their SQL, reads on the pool, writes on the
 * caller's transaction. Users themselves come from auth-service.
 */
@ApplicationScoped
public class ProfileStore {

    private static final String COLUMNS = """
            user_id, account, display_name, nickname, avatar_url, gender, email, phone, host(last_login_ip) AS ip, status,
            version, chat_duration_seconds""";

    private final AdminQueries queries;

    public ProfileStore(AdminQueries queries) {
        this.queries = queries;
    }

    public Uni<Page<AdminProfile>> profiles(PageRequest request) {
        return queries.page("SELECT count(*) FROM profile",
                "SELECT " + COLUMNS + " FROM profile ORDER BY user_id LIMIT $1 OFFSET $2", List.of(), request, ProfileStore::profile);
    }

    public Uni<Optional<AdminProfile>> profile(long userId) {
        return queries.one("SELECT " + COLUMNS + " FROM profile WHERE user_id = $1", Tuple.of(userId), ProfileStore::profile);
    }

    private static final String MEMBERSHIPS =
            "SELECT m.user_id, m.org_id, COALESCE(array_agg(r.role_id ORDER BY r.role_id) FILTER (WHERE r.role_id IS NOT NULL), '{}') AS roles"
                    + " FROM membership m LEFT JOIN membership_role r ON r.user_id = m.user_id AND r.org_id = m.org_id";

    /** The user's organisations with the roles held in each, in organisation order. */
    public Uni<List<Membership>> memberships(long userId) {
        return queries.list(MEMBERSHIPS + " WHERE m.user_id = $1 GROUP BY m.user_id, m.org_id ORDER BY m.org_id",
                Tuple.of(userId), ProfileStore::membership);
    }

    /** One membership with its roles as it is before a write, on the write's transaction. */
    private static Uni<java.util.Optional<Membership>> membership(SqlClient tx, long userId, long orgId) {
        return before(tx, "SELECT user_id, org_id, COALESCE((SELECT array_agg(role_id ORDER BY role_id) FROM membership_role r"
                        + " WHERE r.user_id = m.user_id AND r.org_id = m.org_id), '{}') AS roles"
                        + " FROM membership m WHERE m.user_id = $1 AND m.org_id = $2",
                Tuple.of(userId, orgId), ProfileStore::membership);
    }

    private static Membership membership(Row r) {
        return new Membership(r.getLong("user_id"), r.getLong("org_id"), List.of(r.getArrayOfLongs("roles")));
    }

    /** The audit trail's name of a user: profile fields, memberships and group memberships are the user's. */
    public static String target(long userId) {
        return "user:" + userId;
    }

    /** Sets the roles a user holds in an organisation (replacing the previous ones); creates the membership. */
    public Uni<Void> putMembership(SqlClient tx, Membership membership, Touched touched) {
        positive("user_id", membership.user_id());
        positive("org_id", membership.org_id());
        List<Long> roles = membership.role_ids() == null ? List.of() : membership.role_ids();
        if (roles.size() > 100 || roles.stream().anyMatch(r -> r == null || r <= 0)) {
            throw invalid("role_ids must be at most 100 positive role ids");
        }
        touched.user(membership.user_id());
        List<Long> held = new LinkedHashSet<>(roles).stream().sorted().toList();
        Membership after = new Membership(membership.user_id(), membership.org_id(), held);
        return membership(tx, membership.user_id(), membership.org_id()).flatMap(was -> {
            Uni<Void> done = run(tx, "INSERT INTO membership (user_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    Tuple.of(membership.user_id(), membership.org_id()))
                    .flatMap(ignored -> run(tx, "DELETE FROM membership_role WHERE user_id = $1 AND org_id = $2",
                            Tuple.of(membership.user_id(), membership.org_id())));
            for (Long role : held) {
                done = done.flatMap(ignored -> run(tx, "INSERT INTO membership_role (user_id, org_id, role_id) VALUES ($1, $2, $3)",
                        Tuple.of(membership.user_id(), membership.org_id(), role)));
            }
            return done.invoke(() -> touched.changed("membership.create", "membership.update", target(membership.user_id()),
                    was.orElse(null), after));
        });
    }

    public Uni<Boolean> deleteMembership(SqlClient tx, long userId, long orgId, Touched touched) {
        touched.user(userId);
        return membership(tx, userId, orgId).flatMap(was -> tx.preparedQuery("DELETE FROM membership WHERE user_id = $1 AND org_id = $2")
                .execute(Tuple.of(userId, orgId))
                .map(r -> {
                    was.ifPresent(m -> touched.changed("membership.delete", target(userId), m, null));
                    return r.rowCount() > 0;
                }));
    }

    /** Changes the fields this service owns on a delivered user; the user must exist (users come from auth-service). */
    public Uni<Boolean> patchProfile(SqlClient tx, ProfilePatch patch, Touched touched) {
        positive("user_id", patch.user_id());
        if (patch.nickname() != null) {
            optionalText("nickname", patch.nickname());
        }
        if (patch.avatar() != null) {
            optionalText("avatar", patch.avatar());
            if (!patch.avatar().isEmpty() && !patch.avatar().matches("(?i)https?://\\S+")) {
                throw invalid("avatar must be an http(s) URL or empty");
            }
        }
        if (patch.gender() != null && (patch.gender() < 0 || patch.gender() > 2)) {
            throw invalid("gender must be 0 (unknown), 1 (male) or 2 (female)");
        }
        if (patch.last_login_ip() != null && !patch.last_login_ip().isEmpty() && !ipLiteral(patch.last_login_ip())) {
            throw invalid("last_login_ip must be an IPv4 or IPv6 address");
        }
        if (patch.chat_duration_seconds() != null && patch.chat_duration_seconds() < 0) {
            throw invalid("chat_duration_seconds must not be negative");
        }
        touched.user(patch.user_id());
        List<Object> params = new ArrayList<>(Arrays.asList(patch.user_id(),
                patch.nickname() == null ? null : patch.nickname().isEmpty() ? "" : patch.nickname(),
                patch.avatar(), patch.gender(), patch.last_login_ip(), patch.chat_duration_seconds()));
        // $2 null = unchanged, "" = back to the display name; $5 null = unchanged, "" = cleared
        return before(tx, "SELECT " + OWNED + " FROM profile WHERE user_id = $1 AND status <> 'deleted' FOR UPDATE",
                Tuple.of(patch.user_id()), ProfileStore::owned)
                .flatMap(was -> before(tx, """
                        UPDATE profile SET
                            nickname = CASE WHEN $2::text IS NULL THEN nickname ELSE NULLIF($2::text, '') END,
                            avatar_url = COALESCE($3::text, avatar_url),
                            gender = COALESCE($4::smallint, gender),
                            last_login_ip = CASE WHEN $5::text IS NULL THEN last_login_ip ELSE NULLIF($5::text, '')::inet END,
                            chat_duration_seconds = COALESCE($6::bigint, chat_duration_seconds),
                            updated_at = now()
                        WHERE user_id = $1 AND status <> 'deleted'
                        RETURNING\s""" + OWNED, Tuple.from(params), ProfileStore::owned)
                        .map(after -> {
                            after.ifPresent(now -> touched.changed("profile.update", target(patch.user_id()), was.orElse(null), now));
                            return after.isPresent();
                        }));
    }

    /** The fields this service owns on a profile, as the audit trail records them before and after a change. */
    private static final String OWNED = "user_id, nickname, avatar_url, gender, host(last_login_ip) AS ip, chat_duration_seconds";

    private static ProfilePatch owned(Row r) {
        return new ProfilePatch(r.getLong("user_id"), r.getString("nickname"), r.getString("avatar_url"), r.getInteger("gender"),
                r.getString("ip"), r.getLong("chat_duration_seconds"));
    }

    private static AdminProfile profile(Row r) {
        return new AdminProfile(r.getLong("user_id"), r.getString("account"), r.getString("display_name"),
                r.getString("nickname"), r.getString("avatar_url"), r.getInteger("gender"), r.getString("email"),
                r.getString("phone"), r.getString("ip"), r.getString("status"), r.getLong("version"),
                r.getLong("chat_duration_seconds"));
    }
}
