package dev.userinfo.info.admin.app;

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

/**
 * Admin API for apps (seed 004's appid, seed 002's directory access) and their user groups (seed 004). Apps come from
 * auth-service (docs/internal-contracts.md §5): here an operator sets only what this service adds to them.
 */
@Path("/admin/apps")
@AdminApi
@Tag(name = "Admin")
@SecurityRequirements({@SecurityRequirement(name = AdminApi.ADMIN_TOKEN_SCHEME), @SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)})
@Produces(MediaType.APPLICATION_JSON)
public class AppAdminResource {

    private final AppStore store;
    private final AdminWrites writes;

    public AppAdminResource(AppStore store, AdminWrites writes) {
        this.store = store;
        this.writes = writes;
    }

    @GET
    @Operation(summary = "Apps auth-service announced (not deleted), in id order, a page at a time")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 500 (default 50)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range (problem+json)")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    public Uni<Page<App>> apps(@QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        return store.apps(PageRequest.of(page, pageSize, AdminQueries.DEFAULT_PAGE_SIZE, AdminQueries.MAX_PAGE_SIZE));
    }

    @GET
    @Path("/{appId}")
    @Operation(summary = "One app, as auth-service announced it, with its directory access")
    @APIResponse(responseCode = "200", description = "The app")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such app")
    public Uni<App> app(@PathParam("appId") long appId) {
        return store.app(appId)
                .map(found -> found.orElseThrow(() -> AdminProblem.notFound("no app " + appId)));
    }

    @PUT
    @Path("/{appId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set whether an app may read other users (seed 002)",
            description = "Only what this service owns of an app auth-service announced (docs/internal-contracts.md §5): "
                    + "directory_access (absent: false). Apps are registered, changed and deleted at auth-service only.")
    @APIResponse(responseCode = "200", description = "Stored; the app")
    @APIResponse(responseCode = "400", description = "A field of the wrong type")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No app with that appid was announced by auth-service (or it was deleted)")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<App> put(@PathParam("appId") long appId, AppAccess access) {
        if (access == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        return writes.write((tx, touched) -> store.setAccess(tx, appId, access, touched));
    }

    @GET
    @Path("/{appId}/groups")
    @Operation(summary = "The app's custom groups (0 whitelist and 1 blacklist always exist)")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 500 (default 50)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range (problem+json)")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    public Uni<Page<Group>> groups(@PathParam("appId") long appId, @QueryParam("page") String page,
                                   @QueryParam("page_size") String pageSize) {
        return store.groups(appId, PageRequest.of(page, pageSize, AdminQueries.DEFAULT_PAGE_SIZE, AdminQueries.MAX_PAGE_SIZE));
    }

    @PUT
    @Path("/{appId}/groups/{groupId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or rename a custom group (id 2 and up)")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "Group id below 2, or name missing or too long")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such app")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Group> putGroup(@PathParam("appId") long appId, @PathParam("groupId") int groupId, Group group) {
        Group body = new Group(appId, groupId, group == null ? null : group.name());
        return writes.write((tx, touched) -> store.upsertGroup(tx, body, touched)).map(ignored -> body);
    }

    @DELETE
    @Path("/{appId}/groups/{groupId}")
    @Operation(summary = "Delete a custom group and its memberships")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such group")
    public Uni<Response> deleteGroup(@PathParam("appId") long appId, @PathParam("groupId") int groupId) {
        return writes.write((tx, touched) -> store.deleteGroup(tx, appId, groupId, touched))
                .map(found -> AdminWrites.deleted(found, "group " + groupId + " in app " + appId));
    }

    @GET
    @Path("/{appId}/groups/{groupId}/members")
    @Operation(summary = "Members of a group, in user id order")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 500 (default 50)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range (problem+json)")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    public Uni<Page<GroupMember>> members(@PathParam("appId") long appId, @PathParam("groupId") int groupId,
                                          @QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        return store.members(appId, groupId, PageRequest.of(page, pageSize, AdminQueries.DEFAULT_PAGE_SIZE, AdminQueries.MAX_PAGE_SIZE));
    }

    @PUT
    @Path("/{appId}/groups/{groupId}/members/{userId}")
    @Operation(summary = "Put a user in a group of the app (1 = blacklist: the app is refused the user)")
    @APIResponse(responseCode = "204", description = "Done")
    @APIResponse(responseCode = "400", description = "Negative group id")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such app, group or user")
    public Uni<Response> addMember(@PathParam("appId") long appId, @PathParam("groupId") int groupId, @PathParam("userId") long userId) {
        return writes.write((tx, touched) -> store.addGroupMember(tx, new GroupMember(appId, groupId, userId), touched))
                .map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Path("/{appId}/groups/{groupId}/members/{userId}")
    @Operation(summary = "Take a user out of a group of the app")
    @APIResponse(responseCode = "204", description = "Done")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "The user is not in that group")
    public Uni<Response> removeMember(@PathParam("appId") long appId, @PathParam("groupId") int groupId, @PathParam("userId") long userId) {
        return writes.write((tx, touched) -> store.removeGroupMember(tx, new GroupMember(appId, groupId, userId), touched))
                .map(found -> AdminWrites.deleted(found, "user " + userId + " in group " + groupId));
    }
}
