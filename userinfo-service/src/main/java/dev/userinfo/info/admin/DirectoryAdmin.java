package dev.userinfo.info.admin;

import static dev.userinfo.info.admin.AdminProblem.invalid;

import dev.userinfo.info.admin.AdminRecords.App;
import dev.userinfo.info.admin.AdminRecords.Group;
import dev.userinfo.info.admin.AdminRecords.GroupMember;
import dev.userinfo.info.admin.AdminRecords.Membership;
import dev.userinfo.info.admin.AdminRecords.Org;
import dev.userinfo.info.admin.AdminRecords.ProfilePatch;
import dev.userinfo.info.admin.AdminRecords.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The admin writes, each on a caller's transaction so the REST API and the JSON Lines import share them. Every
 * write says which users' cached snapshots it made stale ({@link Touched}); the caller announces them.
 */
@ApplicationScoped
public class DirectoryAdmin {

    /** Users whose snapshot a write changed; {@code all} when it may be anyone (an org or role renamed). */
    public static final class Touched {
        final LinkedHashSet<Long> users = new LinkedHashSet<>();
        boolean all;

        public List<Long> users() {
            return List.copyOf(users);
        }

        public boolean all() {
            return all;
        }
    }

    static final int MAX_TEXT = 320;

    public Uni<Void> upsertOrg(SqlClient tx, Org org, Touched touched) {
        positive("org_id", org.org_id());
        text("org_code", org.org_code());
        text("org_name", org.org_name());
        touched.all = true;
        return run(tx, """
                INSERT INTO org (org_id, org_code, org_name) VALUES ($1, $2, $3)
                ON CONFLICT (org_id) DO UPDATE SET org_code = EXCLUDED.org_code, org_name = EXCLUDED.org_name""",
                Tuple.of(org.org_id(), org.org_code(), org.org_name()));
    }

    public Uni<Boolean> deleteOrg(SqlClient tx, long orgId, Touched touched) {
        touched.all = true;
        return tx.preparedQuery("DELETE FROM org WHERE org_id = $1").execute(Tuple.of(orgId)).map(r -> r.rowCount() > 0);
    }

    public Uni<Void> upsertRole(SqlClient tx, Role role, Touched touched) {
        positive("role_id", role.role_id());
        text("role_code", role.role_code());
        text("role_name", role.role_name());
        touched.all = true;
        return run(tx, """
                INSERT INTO role (role_id, role_code, role_name) VALUES ($1, $2, $3)
                ON CONFLICT (role_id) DO UPDATE SET role_code = EXCLUDED.role_code, role_name = EXCLUDED.role_name""",
                Tuple.of(role.role_id(), role.role_code(), role.role_name()));
    }

    public Uni<Boolean> deleteRole(SqlClient tx, long roleId, Touched touched) {
        touched.all = true;
        return tx.preparedQuery("DELETE FROM role WHERE role_id = $1").execute(Tuple.of(roleId)).map(r -> r.rowCount() > 0);
    }

    public Uni<Void> upsertApp(SqlClient tx, App app, Touched touched) {
        positive("app_id", app.app_id());
        text("client_id", app.client_id());
        touched.all = true;
        return run(tx, """
                INSERT INTO app (app_id, client_id, directory_access) VALUES ($1, $2, $3)
                ON CONFLICT (app_id) DO UPDATE SET client_id = EXCLUDED.client_id, directory_access = EXCLUDED.directory_access""",
                Tuple.of(app.app_id(), app.client_id(), Boolean.TRUE.equals(app.directory_access())));
    }

    public Uni<Boolean> deleteApp(SqlClient tx, long appId, Touched touched) {
        touched.all = true;
        return tx.preparedQuery("DELETE FROM app WHERE app_id = $1").execute(Tuple.of(appId)).map(r -> r.rowCount() > 0);
    }

    public Uni<Void> upsertGroup(SqlClient tx, Group group, Touched touched) {
        positive("app_id", group.app_id());
        if (group.group_id() == null || group.group_id() < 2) {
            throw invalid("group_id must be 2 or more: 0 (whitelist) and 1 (blacklist) always exist");
        }
        text("name", group.name());
        return run(tx, """
                INSERT INTO app_group (app_id, group_id, name) VALUES ($1, $2, $3)
                ON CONFLICT (app_id, group_id) DO UPDATE SET name = EXCLUDED.name""",
                Tuple.of(group.app_id(), group.group_id(), group.name()));
    }

    public Uni<Boolean> deleteGroup(SqlClient tx, long appId, int groupId, Touched touched) {
        touched.all = true;
        return tx.preparedQuery("DELETE FROM group_member WHERE app_id = $1 AND group_id = $2").execute(Tuple.of(appId, groupId))
                .flatMap(ignored -> tx.preparedQuery("DELETE FROM app_group WHERE app_id = $1 AND group_id = $2")
                        .execute(Tuple.of(appId, groupId)))
                .map(r -> r.rowCount() > 0);
    }

    public Uni<Void> addGroupMember(SqlClient tx, GroupMember member, Touched touched) {
        positive("app_id", member.app_id());
        positive("user_id", member.user_id());
        if (member.group_id() == null || member.group_id() < 0) {
            throw invalid("group_id must be 0 (whitelist), 1 (blacklist) or a custom group of the app");
        }
        touched.users.add(member.user_id());
        Uni<Void> groupExists = member.group_id() < 2 ? Uni.createFrom().voidItem()
                : tx.preparedQuery("SELECT 1 FROM app_group WHERE app_id = $1 AND group_id = $2")
                    .execute(Tuple.of(member.app_id(), member.group_id()))
                    .invoke(rows -> {
                        if (rows.rowCount() == 0) {
                            throw AdminProblem.notFound("app " + member.app_id() + " has no group " + member.group_id());
                        }
                    }).replaceWithVoid();
        return groupExists.flatMap(ignored -> run(tx,
                "INSERT INTO group_member (app_id, group_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                Tuple.of(member.app_id(), member.group_id(), member.user_id())));
    }

    public Uni<Boolean> removeGroupMember(SqlClient tx, GroupMember member, Touched touched) {
        touched.users.add(member.user_id());
        return tx.preparedQuery("DELETE FROM group_member WHERE app_id = $1 AND group_id = $2 AND user_id = $3")
                .execute(Tuple.of(member.app_id(), member.group_id(), member.user_id())).map(r -> r.rowCount() > 0);
    }

    /** Sets the roles a user holds in an organisation (replacing the previous ones); creates the membership. */
    public Uni<Void> putMembership(SqlClient tx, Membership membership, Touched touched) {
        positive("user_id", membership.user_id());
        positive("org_id", membership.org_id());
        List<Long> roles = membership.role_ids() == null ? List.of() : membership.role_ids();
        if (roles.size() > 100 || roles.stream().anyMatch(r -> r == null || r <= 0)) {
            throw invalid("role_ids must be at most 100 positive role ids");
        }
        touched.users.add(membership.user_id());
        Uni<Void> done = run(tx, "INSERT INTO membership (user_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                Tuple.of(membership.user_id(), membership.org_id()))
                .flatMap(ignored -> run(tx, "DELETE FROM membership_role WHERE user_id = $1 AND org_id = $2",
                        Tuple.of(membership.user_id(), membership.org_id())));
        for (Long role : new LinkedHashSet<>(roles)) {
            done = done.flatMap(ignored -> run(tx, "INSERT INTO membership_role (user_id, org_id, role_id) VALUES ($1, $2, $3)",
                    Tuple.of(membership.user_id(), membership.org_id(), role)));
        }
        return done;
    }

    public Uni<Boolean> deleteMembership(SqlClient tx, long userId, long orgId, Touched touched) {
        touched.users.add(userId);
        return tx.preparedQuery("DELETE FROM membership WHERE user_id = $1 AND org_id = $2").execute(Tuple.of(userId, orgId))
                .map(r -> r.rowCount() > 0);
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
        touched.users.add(patch.user_id());
        List<Object> params = new ArrayList<>(Arrays.asList(patch.user_id(),
                patch.nickname() == null ? null : patch.nickname().isEmpty() ? "" : patch.nickname(),
                patch.avatar(), patch.gender(), patch.last_login_ip(), patch.chat_duration_seconds()));
        // $2 null = unchanged, "" = back to the display name; $5 null = unchanged, "" = cleared
        return tx.preparedQuery("""
                UPDATE profile SET
                    nickname = CASE WHEN $2::text IS NULL THEN nickname ELSE NULLIF($2::text, '') END,
                    avatar_url = COALESCE($3::text, avatar_url),
                    gender = COALESCE($4::smallint, gender),
                    last_login_ip = CASE WHEN $5::text IS NULL THEN last_login_ip ELSE NULLIF($5::text, '')::inet END,
                    chat_duration_seconds = COALESCE($6::bigint, chat_duration_seconds),
                    updated_at = now()
                WHERE user_id = $1 AND status <> 'deleted'""")
                .execute(Tuple.from(params)).map(r -> r.rowCount() > 0);
    }

    private static Uni<Void> run(SqlClient tx, String sql, Tuple params) {
        return tx.preparedQuery(sql).execute(params).replaceWithVoid()
                .onFailure(PgException.class).transform(DirectoryAdmin::translate);
    }

    /** Integrity violations are the admin's mistake, said plainly; anything else stays a server error. */
    static Throwable translate(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            return switch (pg.getSqlState()) {
                case "23505" -> AdminProblem.conflict("a record with that code or client_id already exists");
                case "23503" -> AdminProblem.notFound("a referenced user, organisation, role, app or group does not exist");
                case "23514" -> invalid("a value is out of its allowed range");
                case "22P02", "22003" -> invalid("a value is not of the expected type or range");
                default -> failure;
            };
        }
        return failure;
    }

    static void positive(String name, Long value) {
        if (value == null || value <= 0) {
            throw invalid(name + " must be a positive integer");
        }
    }

    static void text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name + " is required");
        }
        optionalText(name, value);
    }

    static void optionalText(String name, String value) {
        if (value.length() > MAX_TEXT) {
            throw invalid(name + " is limited to " + MAX_TEXT + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid(name + " may not contain control characters");
        }
    }

    static boolean ipLiteral(String value) {
        if (value.length() > 45 || !value.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        if (!value.contains(":")) {
            // dotted quad only: InetAddress would also take the legacy "1.2.3" forms PostgreSQL refuses
            String[] parts = value.split("\\.", -1);
            return parts.length == 4 && Arrays.stream(parts).allMatch(p -> p.matches("\\d{1,3}") && Integer.parseInt(p) <= 255);
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
