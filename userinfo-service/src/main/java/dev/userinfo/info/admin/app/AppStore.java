package dev.userinfo.info.admin.app;

import static dev.userinfo.contracts.admin.AdminProblem.invalid;
import static dev.userinfo.info.admin.AdminInput.positive;
import static dev.userinfo.info.admin.AdminInput.text;
import static dev.userinfo.info.admin.AdminWrites.run;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.info.admin.AdminQueries;
import dev.userinfo.info.admin.Touched;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
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
        return queries.page("SELECT count(*) FROM app",
                "SELECT app_id, client_id, directory_access FROM app ORDER BY app_id LIMIT $1 OFFSET $2", List.of(), request, AppStore::app);
    }

    public Uni<Optional<App>> app(long appId) {
        return queries.one("SELECT app_id, client_id, directory_access FROM app WHERE app_id = $1", Tuple.of(appId), AppStore::app);
    }

    public Uni<Page<Group>> groups(long appId, PageRequest request) {
        return queries.page("SELECT count(*) FROM app_group WHERE app_id = $1",
                "SELECT app_id, group_id, name FROM app_group WHERE app_id = $1 ORDER BY group_id LIMIT $2 OFFSET $3",
                List.of(appId), request, r -> new Group(r.getLong("app_id"), r.getInteger("group_id"), r.getString("name")));
    }

    public Uni<Page<GroupMember>> members(long appId, int groupId, PageRequest request) {
        return queries.page("SELECT count(*) FROM group_member WHERE app_id = $1 AND group_id = $2",
                "SELECT app_id, group_id, user_id FROM group_member WHERE app_id = $1 AND group_id = $2 ORDER BY user_id LIMIT $3 OFFSET $4",
                List.of(appId, groupId), request,
                r -> new GroupMember(r.getLong("app_id"), r.getInteger("group_id"), r.getLong("user_id")));
    }

    public Uni<Void> upsertApp(SqlClient tx, App app, Touched touched) {
        positive("app_id", app.app_id());
        text("client_id", app.client_id());
        touched.everyone();
        return run(tx, """
                INSERT INTO app (app_id, client_id, directory_access) VALUES ($1, $2, $3)
                ON CONFLICT (app_id) DO UPDATE SET client_id = EXCLUDED.client_id, directory_access = EXCLUDED.directory_access""",
                Tuple.of(app.app_id(), app.client_id(), Boolean.TRUE.equals(app.directory_access())));
    }

    public Uni<Boolean> deleteApp(SqlClient tx, long appId, Touched touched) {
        touched.everyone();
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
        touched.everyone();
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
        touched.user(member.user_id());
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
        touched.user(member.user_id());
        return tx.preparedQuery("DELETE FROM group_member WHERE app_id = $1 AND group_id = $2 AND user_id = $3")
                .execute(Tuple.of(member.app_id(), member.group_id(), member.user_id())).map(r -> r.rowCount() > 0);
    }

    private static App app(Row r) {
        return new App(r.getLong("app_id"), r.getString("client_id"), r.getBoolean("directory_access"));
    }
}
