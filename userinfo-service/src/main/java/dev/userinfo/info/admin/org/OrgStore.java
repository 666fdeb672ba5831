package dev.userinfo.info.admin.org;

import static dev.userinfo.info.admin.AdminInput.positive;
import static dev.userinfo.info.admin.AdminInput.text;
import static dev.userinfo.info.admin.AdminWrites.before;
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

/** Organisations and roles: their SQL, reads on the pool, writes on the caller's transaction (REST and import share them). */
@ApplicationScoped
public class OrgStore {

    private final AdminQueries queries;

    public OrgStore(AdminQueries queries) {
        this.queries = queries;
    }

    public Uni<Page<Org>> orgs(PageRequest request) {
        return queries.page("SELECT count(*) FROM org", "SELECT org_id, org_code, org_name FROM org ORDER BY org_id LIMIT $1 OFFSET $2",
                List.of(), request, OrgStore::org);
    }

    public Uni<Optional<Org>> org(long orgId) {
        return queries.one("SELECT org_id, org_code, org_name FROM org WHERE org_id = $1", Tuple.of(orgId), OrgStore::org);
    }

    public Uni<Page<Role>> roles(PageRequest request) {
        return queries.page("SELECT count(*) FROM role", "SELECT role_id, role_code, role_name FROM role ORDER BY role_id LIMIT $1 OFFSET $2",
                List.of(), request, OrgStore::role);
    }

    public Uni<Optional<Role>> role(long roleId) {
        return queries.one("SELECT role_id, role_code, role_name FROM role WHERE role_id = $1", Tuple.of(roleId), OrgStore::role);
    }

    public Uni<Void> upsertOrg(SqlClient tx, Org org, Touched touched) {
        positive("org_id", org.org_id());
        text("org_code", org.org_code());
        text("org_name", org.org_name());
        touched.everyone();
        return before(tx, "SELECT org_id, org_code, org_name FROM org WHERE org_id = $1 FOR UPDATE", Tuple.of(org.org_id()), OrgStore::org)
                .flatMap(was -> run(tx, """
                        INSERT INTO org (org_id, org_code, org_name) VALUES ($1, $2, $3)
                        ON CONFLICT (org_id) DO UPDATE SET org_code = EXCLUDED.org_code, org_name = EXCLUDED.org_name""",
                        Tuple.of(org.org_id(), org.org_code(), org.org_name()))
                        .invoke(() -> touched.changed("org.create", "org.update", target(org.org_id()), was.orElse(null), org)));
    }

    /** POST creates: an existing id is a conflict, not a silent replace. */
    public Uni<Void> createOrg(SqlClient tx, Org org, Touched touched) {
        return absent(tx, "SELECT 1 FROM org WHERE org_id = $1", org.org_id()).flatMap(ignored -> upsertOrg(tx, org, touched));
    }

    public Uni<Boolean> deleteOrg(SqlClient tx, long orgId, Touched touched) {
        touched.everyone();
        return before(tx, "DELETE FROM org WHERE org_id = $1 RETURNING org_id, org_code, org_name", Tuple.of(orgId), OrgStore::org)
                .map(was -> {
                    was.ifPresent(org -> touched.changed("org.delete", target(orgId), org, null));
                    return was.isPresent();
                });
    }

    public Uni<Void> upsertRole(SqlClient tx, Role role, Touched touched) {
        positive("role_id", role.role_id());
        text("role_code", role.role_code());
        text("role_name", role.role_name());
        touched.everyone();
        return before(tx, "SELECT role_id, role_code, role_name FROM role WHERE role_id = $1 FOR UPDATE", Tuple.of(role.role_id()),
                OrgStore::role)
                .flatMap(was -> run(tx, """
                        INSERT INTO role (role_id, role_code, role_name) VALUES ($1, $2, $3)
                        ON CONFLICT (role_id) DO UPDATE SET role_code = EXCLUDED.role_code, role_name = EXCLUDED.role_name""",
                        Tuple.of(role.role_id(), role.role_code(), role.role_name()))
                        .invoke(() -> touched.changed("role.create", "role.update", roleTarget(role.role_id()), was.orElse(null), role)));
    }

    /** POST creates: an existing id is a conflict, not a silent replace. */
    public Uni<Void> createRole(SqlClient tx, Role role, Touched touched) {
        return absent(tx, "SELECT 1 FROM role WHERE role_id = $1", role.role_id()).flatMap(ignored -> upsertRole(tx, role, touched));
    }

    public Uni<Boolean> deleteRole(SqlClient tx, long roleId, Touched touched) {
        touched.everyone();
        return before(tx, "DELETE FROM role WHERE role_id = $1 RETURNING role_id, role_code, role_name", Tuple.of(roleId), OrgStore::role)
                .map(was -> {
                    was.ifPresent(role -> touched.changed("role.delete", roleTarget(roleId), role, null));
                    return was.isPresent();
                });
    }

    /** The audit trail's name of an organisation. */
    public static String target(long orgId) {
        return "org:" + orgId;
    }

    private static String roleTarget(long roleId) {
        return "role:" + roleId;
    }

    private static Uni<Void> absent(SqlClient tx, String sql, Long id) {
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(sql).execute(Tuple.of(id)).invoke(rows -> {
            if (rows.rowCount() > 0) {
                throw AdminProblem.conflict("id " + id + " exists; PUT replaces");
            }
        }).replaceWithVoid();
    }

    private static Org org(Row r) {
        return new Org(r.getLong("org_id"), r.getString("org_code"), r.getString("org_name"));
    }

    private static Role role(Row r) {
        return new Role(r.getLong("role_id"), r.getString("role_code"), r.getString("role_name"));
    }
}
