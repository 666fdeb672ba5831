package dev.userinfo.info.admin.app;

import static dev.userinfo.contracts.admin.AdminProblem.invalid;
import static dev.userinfo.info.admin.AdminInput.positive;
import static dev.userinfo.info.admin.AdminInput.text;
import static dev.userinfo.info.admin.AdminWrites.before;
import static dev.userinfo.info.admin.AdminWrites.run;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.info.admin.AdminQueries;
import dev.userinfo.info.admin.AdminWrites;
import dev.userinfo.info.admin.Touched;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Apps, their groups and group members: their SQL, reads on the pool, writes on the caller's transaction. */
@ApplicationScoped
public class AppStore {

    private final AdminQueries queries;

    public AppStore(AdminQueries queries) {
        this.queries = queries;
    }

    public Uni<Page<App>> apps(PageRequest request) {
        return queries.page("SELECT count(*) FROM app WHERE status <> 'deleted'",
                "SELECT " + COLUMNS + " FROM app WHERE status <> 'deleted' ORDER BY app_id LIMIT $1 OFFSET $2", List.of(), request,
                AppStore::app);
    }

    public Uni<Optional<App>> app(long appId) {
        return queries.one("SELECT " + COLUMNS + " FROM app WHERE app_id = $1 AND status <> 'deleted'", Tuple.of(appId), AppStore::app);
    }

    public Uni<Page<Group>> groups(long appId, PageRequest request) {
        return queries.page("SELECT count(*) FROM app_group WHERE app_id = $1",
                "SELECT " + GROUP_COLUMNS + " FROM app_group WHERE app_id = $1 ORDER BY group_id LIMIT $2 OFFSET $3",
                List.of(appId), request, AppStore::group);
    }

    public Uni<Page<GroupMember>> members(long appId, int groupId, PageRequest request) {
        return queries.page("SELECT count(*) FROM group_member WHERE app_id = $1 AND group_id = $2",
                "SELECT app_id, group_id, user_id FROM group_member WHERE app_id = $1 AND group_id = $2 ORDER BY user_id LIMIT $3 OFFSET $4",
                List.of(appId, groupId), request,
                r -> new GroupMember(r.getLong("app_id"), r.getInteger("group_id"), r.getLong("user_id")));
    }

    /** An import line's {@link #setAccess(SqlClient, long, AppAccess, Touched)}. */
    public Uni<App> setAccess(SqlClient tx, AppAccess access, Touched touched) {
        positive("app_id", access.app_id());
        return setAccess(tx, access.app_id(), access, touched);
    }

    /** Sets what this service owns of an announced app; 404 for an app auth-service never announced or deleted. */
    public Uni<App> setAccess(SqlClient tx, long appId, AppAccess access, Touched touched) {
        touched.everyone();
        return before(tx, "SELECT " + COLUMNS + " FROM app WHERE app_id = $1 AND status <> 'deleted' FOR UPDATE", Tuple.of(appId), AppStore::app)
                .flatMap(was -> {
                    if (was.isEmpty()) {
                        throw unknownApp(appId);
                    }
                    return tx.preparedQuery("UPDATE app SET directory_access = $2 WHERE app_id = $1 RETURNING " + COLUMNS)
                            .execute(Tuple.of(appId, Boolean.TRUE.equals(access.directory_access())))
                            .map(rows -> {
                                App after = app(rows.iterator().next());
                                touched.changed("app.update", target(appId), was.get(), after);
                                return after;
                            });
                });
    }

    /** The audit trail's name of an app (its groups' changes are the app's too). */
    public static String target(long appId) {
        return "app:" + appId;
    }

    // Tombstones satisfy the foreign keys, so a deleted app is refused here; FOR SHARE holds off a concurrent deletion.
    private static Uni<Void> announced(SqlClient tx, long appId) {
        return tx.preparedQuery("SELECT 1 FROM app WHERE app_id = $1 AND status <> 'deleted' FOR SHARE").execute(Tuple.of(appId))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw unknownApp(appId);
                    }
                }).replaceWithVoid();
    }

    private static AdminProblem unknownApp(long appId) {
        return AdminProblem.notFound("no app " + appId + ": apps are registered at auth-service");
    }

    public Uni<Void> upsertGroup(SqlClient tx, Group group, Touched touched) {
        positive("app_id", group.app_id());
        if (group.group_id() == null || group.group_id() < 2) {
            throw invalid("group_id must be 2 or more: 0 (whitelist) and 1 (blacklist) always exist");
        }
        text("name", group.name());
        return announced(tx, group.app_id())
                .flatMap(ignored -> before(tx, "SELECT " + GROUP_COLUMNS + " FROM app_group WHERE app_id = $1 AND group_id = $2 FOR UPDATE",
                        Tuple.of(group.app_id(), group.group_id()), AppStore::group))
                .flatMap(was -> run(tx, """
                        INSERT INTO app_group (app_id, group_id, name) VALUES ($1, $2, $3)
                        ON CONFLICT (app_id, group_id) DO UPDATE SET name = EXCLUDED.name""",
                        Tuple.of(group.app_id(), group.group_id(), group.name()))
                        .invoke(() -> touched.changed("group.create", "group.update", target(group.app_id()), was.orElse(null), group)));
    }

    public Uni<Boolean> deleteGroup(SqlClient tx, long appId, int groupId, Touched touched) {
        touched.everyone();
        return tx.preparedQuery("DELETE FROM group_member WHERE app_id = $1 AND group_id = $2").execute(Tuple.of(appId, groupId))
                .flatMap(ignored -> before(tx, "DELETE FROM app_group WHERE app_id = $1 AND group_id = $2 RETURNING " + GROUP_COLUMNS,
                        Tuple.of(appId, groupId), AppStore::group))
                .map(was -> {
                    was.ifPresent(group -> touched.changed("group.delete", target(appId), group, null));
                    return was.isPresent();
                });
    }

    public Uni<Void> addGroupMember(SqlClient tx, GroupMember member, Touched touched) {
        positive("app_id", member.app_id());
        positive("user_id", member.user_id());
        if (member.group_id() == null || member.group_id() < 0) {
            throw invalid("group_id must be 0 (whitelist), 1 (blacklist) or a custom group of the app");
        }
        touched.user(member.user_id());
        Uni<Void> groupExists = member.group_id() < 2 ? announced(tx, member.app_id())
                : tx.preparedQuery("SELECT 1 FROM app_group WHERE app_id = $1 AND group_id = $2")
                    .execute(Tuple.of(member.app_id(), member.group_id()))
                    .invoke(rows -> {
                        if (rows.rowCount() == 0) {
                            throw AdminProblem.notFound("app " + member.app_id() + " has no group " + member.group_id());
                        }
                    }).replaceWithVoid();
        return groupExists.flatMap(ignored -> tx.preparedQuery(
                        "INSERT INTO group_member (app_id, group_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(member.app_id(), member.group_id(), member.user_id()))
                .onFailure(PgException.class).transform(AdminWrites::translate)
                // Already a member: the state before is the same membership.
                .invoke(rows -> touched.changed("group.add-member", userTarget(member.user_id()),
                        rows.rowCount() > 0 ? null : member, member))
                .replaceWithVoid());
    }

    public Uni<Boolean> removeGroupMember(SqlClient tx, GroupMember member, Touched touched) {
        touched.user(member.user_id());
        return tx.preparedQuery("DELETE FROM group_member WHERE app_id = $1 AND group_id = $2 AND user_id = $3")
                .execute(Tuple.of(member.app_id(), member.group_id(), member.user_id())).map(r -> {
                    if (r.rowCount() > 0) {
                        touched.changed("group.remove-member", userTarget(member.user_id()), member, null);
                    }
                    return r.rowCount() > 0;
                });
    }

    private static String userTarget(long userId) {
        return "user:" + userId;
    }

    private static final String COLUMNS = "app_id, client_id, name, status, version, directory_access";
    private static final String GROUP_COLUMNS = "app_id, group_id, name";

    private static Group group(Row r) {
        return new Group(r.getLong("app_id"), r.getInteger("group_id"), r.getString("name"));
    }

    private static App app(Row r) {
        return new App(r.getLong("app_id"), r.getString("client_id"), r.getString("name"), r.getString("status"),
                r.getLong("version"), r.getBoolean("directory_access"));
    }
}
