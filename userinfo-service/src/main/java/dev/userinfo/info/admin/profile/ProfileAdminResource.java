package dev.userinfo.info.admin.profile;

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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for profiles. Users are created and deleted only at auth-service (delivered here); the admin
 * changes the fields this service owns (nickname, avatar, gender, last login IP, chat duration) and memberships.
 */
@Path("/admin/profiles")
@AdminApi
@Tag(name = "Admin")
// The two credentials of every admin operation of this service (issue #18); declared once, here.
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = AdminApi.ADMIN_TOKEN_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "The static admin token (userinfo.admin.token), for automation and bootstrap; audit actor admin-token"),
        @SecurityScheme(securitySchemeName = AdminApi.OPERATOR_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
                bearerFormat = "JWT",
                description = "An operator's own access token (JWT, e.g. the operator console's) or personal access token (pat_…) "
                        + "carrying admin:read to read and admin:write to change; audit actor operator:<user id>")
})
@SecurityRequirements({@SecurityRequirement(name = AdminApi.ADMIN_TOKEN_SCHEME), @SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)})
@Produces(MediaType.APPLICATION_JSON)
public class ProfileAdminResource {

    private final ProfileStore store;
    private final AdminWrites writes;

    public ProfileAdminResource(ProfileStore store, AdminWrites writes) {
        this.store = store;
        this.writes = writes;
    }

    @GET
    @Operation(summary = "Profiles in user id order, a page at a time")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 500 (default 50)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range (problem+json)")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    public Uni<Page<AdminProfile>> list(@QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        return store.profiles(PageRequest.of(page, pageSize, AdminQueries.DEFAULT_PAGE_SIZE, AdminQueries.MAX_PAGE_SIZE));
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "One profile")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<AdminProfile> get(@PathParam("userId") long userId) {
        return store.profile(userId).map(found -> found.orElseThrow(() -> AdminProblem.notFound("no user " + userId)));
    }

    @PATCH
    @Path("/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the fields this service owns; absent fields stay")
    @APIResponse(responseCode = "200", description = "The changed profile")
    @APIResponse(responseCode = "400", description = "A field of the wrong type or out of range")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such user, or the user is deleted")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<AdminProfile> patch(@PathParam("userId") long userId, ProfilePatch patch) {
        if (patch == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        ProfilePatch withId = new ProfilePatch(userId, patch.nickname(), patch.avatar(), patch.gender(), patch.last_login_ip(),
                patch.chat_duration_seconds());
        return writes.write((tx, touched) -> store.patchProfile(tx, withId, touched))
                .flatMap(found -> {
                    if (!found) {
                        throw AdminProblem.notFound("no active or disabled user " + userId);
                    }
                    return get(userId);
                });
    }

    @GET
    @Path("/{userId}/orgs")
    @Operation(summary = "The user's organisations with the roles held in each")
    @APIResponse(responseCode = "200", description = "[{user_id, org_id, role_ids}]")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<List<Membership>> memberships(@PathParam("userId") long userId) {
        // An unknown user is 404, not an empty list (issue #13 item 7: the paged count over a GROUP BY had no row, 500).
        return get(userId).flatMap(exists -> store.memberships(userId));
    }

    @PUT
    @Path("/{userId}/orgs/{orgId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make the user a member of the organisation with exactly these roles")
    @APIResponse(responseCode = "204", description = "Done")
    @APIResponse(responseCode = "400", description = "role_ids not a list of positive ids")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such user, organisation or role")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> putMembership(@PathParam("userId") long userId, @PathParam("orgId") long orgId, Membership body) {
        Membership membership = new Membership(userId, orgId, body == null ? null : body.role_ids());
        return writes.write((tx, touched) -> store.putMembership(tx, membership, touched)).map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Path("/{userId}/orgs/{orgId}")
    @Operation(summary = "End the user's membership of the organisation")
    @APIResponse(responseCode = "204", description = "Done")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No such membership")
    public Uni<Response> deleteMembership(@PathParam("userId") long userId, @PathParam("orgId") long orgId) {
        return writes.write((tx, touched) -> store.deleteMembership(tx, userId, orgId, touched)).map(found -> {
            if (!found) {
                throw AdminProblem.notFound("user " + userId + " is not a member of " + orgId);
            }
            return Response.noContent().build();
        });
    }
}
