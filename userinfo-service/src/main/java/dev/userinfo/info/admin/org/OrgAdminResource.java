package dev.userinfo.info.admin.org;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.info.admin.AdminQueries;
import dev.userinfo.info.admin.AdminWrites;
import dev.userinfo.jwt.admin.AdminApi;
import io.smallrye.mutiny.Uni;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for organisations and roles (seed 002's orgList and roleList). */
@Path("/admin")
@AdminApi
@Tag(name = "Admin")
@SecurityRequirements({@SecurityRequirement(name = AdminApi.ADMIN_TOKEN_SCHEME), @SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)})
@Produces(MediaType.APPLICATION_JSON)
public class OrgAdminResource {

    private final OrgStore store;
    private final AdminWrites writes;

    public OrgAdminResource(OrgStore store, AdminWrites writes) {
        this.store = store;
        this.writes = writes;
    }

    @GET
    @Path("/orgs")
    @Operation(summary = "Organisations in id order, a page at a time")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 500 (default 50)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range (problem+json)")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    public Uni<Page<Org>> orgs(@QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        return store.orgs(PageRequest.of(page, pageSize, AdminQueries.DEFAULT_PAGE_SIZE, AdminQueries.MAX_PAGE_SIZE));
    }

    @GET
    @Path("/orgs/{orgId}")
    @Operation(summary = "One organisation")
    @APIResponse(responseCode = "200", description = "The organisation")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such organisation")
    public Uni<Org> org(@PathParam("orgId") long orgId) {
        return store.org(orgId)
                .map(found -> found.orElseThrow(() -> AdminProblem.notFound("no organisation " + orgId)));
    }

    @POST
    @Path("/orgs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an organisation")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "409", description = "The id or org_code exists")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> createOrg(Org org) {
        Org body = required(org);
        return writes.write((tx, touched) -> store.createOrg(tx, body, touched))
                .map(ignored -> Response.status(201).entity(body).build());
    }

    @PUT
    @Path("/orgs/{orgId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace an organisation")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "409", description = "The org_code belongs to another organisation")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Org> putOrg(@PathParam("orgId") long orgId, Org org) {
        Org body = new Org(orgId, required(org).org_code(), org.org_name());
        return writes.write((tx, touched) -> store.upsertOrg(tx, body, touched)).map(ignored -> body);
    }

    @DELETE
    @Path("/orgs/{orgId}")
    @Operation(summary = "Delete an organisation and its memberships")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such organisation")
    public Uni<Response> deleteOrg(@PathParam("orgId") long orgId) {
        return writes.write((tx, touched) -> store.deleteOrg(tx, orgId, touched)).map(found -> AdminWrites.deleted(found, "organisation " + orgId));
    }

    @GET
    @Path("/roles")
    @Operation(summary = "Roles in id order, a page at a time")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 500 (default 50)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range (problem+json)")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    public Uni<Page<Role>> roles(@QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        return store.roles(PageRequest.of(page, pageSize, AdminQueries.DEFAULT_PAGE_SIZE, AdminQueries.MAX_PAGE_SIZE));
    }

    @GET
    @Path("/roles/{roleId}")
    @Operation(summary = "One role")
    @APIResponse(responseCode = "200", description = "The role")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such role")
    public Uni<Role> role(@PathParam("roleId") long roleId) {
        return store.role(roleId)
                .map(found -> found.orElseThrow(() -> AdminProblem.notFound("no role " + roleId)));
    }

    @POST
    @Path("/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a role")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "409", description = "The id or role_code exists")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> createRole(Role role) {
        if (role == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        return writes.write((tx, touched) -> store.createRole(tx, role, touched))
                .map(ignored -> Response.status(201).entity(role).build());
    }

    @PUT
    @Path("/roles/{roleId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a role")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "A field missing, of the wrong type or too long")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "409", description = "The role_code belongs to another role")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Role> putRole(@PathParam("roleId") long roleId, Role role) {
        if (role == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        Role body = new Role(roleId, role.role_code(), role.role_name());
        return writes.write((tx, touched) -> store.upsertRole(tx, body, touched)).map(ignored -> body);
    }

    @DELETE
    @Path("/roles/{roleId}")
    @Operation(summary = "Delete a role (users lose it in every organisation)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such role")
    public Uni<Response> deleteRole(@PathParam("roleId") long roleId) {
        return writes.write((tx, touched) -> store.deleteRole(tx, roleId, touched)).map(found -> AdminWrites.deleted(found, "role " + roleId));
    }

    private static Org required(Org org) {
        if (org == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        return org;
    }
}
