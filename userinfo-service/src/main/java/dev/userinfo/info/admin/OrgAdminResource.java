package dev.userinfo.info.admin;

import dev.userinfo.info.admin.AdminRecords.Org;
import dev.userinfo.info.admin.AdminRecords.Page;
import dev.userinfo.info.admin.AdminRecords.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for organisations and roles (seed 002's orgList and roleList). */
@Path("/admin")
@AdminOnly
@Tag(name = "Admin")
@SecurityRequirement(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class OrgAdminResource {

    private final DirectoryQueries queries;
    private final DirectoryAdmin admin;
    private final AdminWrites writes;

    public OrgAdminResource(DirectoryQueries queries, DirectoryAdmin admin, AdminWrites writes) {
        this.queries = queries;
        this.admin = admin;
        this.writes = writes;
    }

    @GET
    @Path("/orgs")
    @Operation(summary = "Organisations in id order, a page at a time")
    @APIResponse(responseCode = "200", description = "{items, offset, limit, total}")
    @APIResponse(responseCode = "400", description = "offset or limit out of range")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    public Uni<Page<Org>> orgs(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return queries.page("org_id, org_code, org_name", "FROM org", "org_id", List.of(), Paging.of(offset, limit), DirectoryQueries::org);
    }

    @GET
    @Path("/orgs/{orgId}")
    @Operation(summary = "One organisation")
    @APIResponse(responseCode = "200", description = "The organisation")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such organisation")
    public Uni<Org> org(@PathParam("orgId") long orgId) {
        return queries.one("SELECT org_id, org_code, org_name FROM org WHERE org_id = $1", Tuple.of(orgId), DirectoryQueries::org)
                .map(found -> found.orElseThrow(() -> AdminProblem.notFound("no organisation " + orgId)));
    }

    @POST
    @Path("/orgs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an organisation")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "409", description = "The id or org_code exists")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> createOrg(Org org) {
        Org body = required(org);
        return exists("SELECT 1 FROM org WHERE org_id = $1", body.org_id())
                .flatMap(ignored -> writes.write((tx, touched) -> admin.upsertOrg(tx, body, touched)))
                .map(ignored -> Response.status(201).entity(body).build());
    }

    @PUT
    @Path("/orgs/{orgId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace an organisation")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "409", description = "The org_code belongs to another organisation")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Org> putOrg(@PathParam("orgId") long orgId, Org org) {
        Org body = new Org(orgId, required(org).org_code(), org.org_name());
        return writes.write((tx, touched) -> admin.upsertOrg(tx, body, touched)).map(ignored -> body);
    }

    @DELETE
    @Path("/orgs/{orgId}")
    @Operation(summary = "Delete an organisation and its memberships")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such organisation")
    public Uni<Response> deleteOrg(@PathParam("orgId") long orgId) {
        return writes.write((tx, touched) -> admin.deleteOrg(tx, orgId, touched)).map(found -> gone(found, "organisation " + orgId));
    }

    @GET
    @Path("/roles")
    @Operation(summary = "Roles in id order, a page at a time")
    @APIResponse(responseCode = "200", description = "{items, offset, limit, total}")
    @APIResponse(responseCode = "400", description = "offset or limit out of range")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    public Uni<Page<Role>> roles(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return queries.page("role_id, role_code, role_name", "FROM role", "role_id", List.of(), Paging.of(offset, limit), DirectoryQueries::role);
    }

    @GET
    @Path("/roles/{roleId}")
    @Operation(summary = "One role")
    @APIResponse(responseCode = "200", description = "The role")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such role")
    public Uni<Role> role(@PathParam("roleId") long roleId) {
        return queries.one("SELECT role_id, role_code, role_name FROM role WHERE role_id = $1", Tuple.of(roleId), DirectoryQueries::role)
                .map(found -> found.orElseThrow(() -> AdminProblem.notFound("no role " + roleId)));
    }

    @POST
    @Path("/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a role")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "409", description = "The id or role_code exists")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> createRole(Role role) {
        if (role == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        return exists("SELECT 1 FROM role WHERE role_id = $1", role.role_id())
                .flatMap(ignored -> writes.write((tx, touched) -> admin.upsertRole(tx, role, touched)))
                .map(ignored -> Response.status(201).entity(role).build());
    }

    @PUT
    @Path("/roles/{roleId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a role")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "409", description = "The role_code belongs to another role")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Role> putRole(@PathParam("roleId") long roleId, Role role) {
        if (role == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        Role body = new Role(roleId, role.role_code(), role.role_name());
        return writes.write((tx, touched) -> admin.upsertRole(tx, body, touched)).map(ignored -> body);
    }

    @DELETE
    @Path("/roles/{roleId}")
    @Operation(summary = "Delete a role (users lose it in every organisation)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such role")
    public Uni<Response> deleteRole(@PathParam("roleId") long roleId) {
        return writes.write((tx, touched) -> admin.deleteRole(tx, roleId, touched)).map(found -> gone(found, "role " + roleId));
    }

    private static Org required(Org org) {
        if (org == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        return org;
    }

    /** POST creates: an existing id is a conflict, not a silent replace. */
    private Uni<Void> exists(String sql, Long id) {
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return queries.one(sql, Tuple.of(id), r -> 1).invoke(found -> {
            if (found.isPresent()) {
                throw AdminProblem.conflict("id " + id + " exists; PUT replaces");
            }
        }).replaceWithVoid();
    }

    static Response gone(boolean found, String what) {
        if (!found) {
            throw AdminProblem.notFound("no " + what);
        }
        return Response.noContent().build();
    }
}
