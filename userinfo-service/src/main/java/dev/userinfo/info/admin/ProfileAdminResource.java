package dev.userinfo.info.admin;

import dev.userinfo.info.admin.AdminRecords.Membership;
import dev.userinfo.info.admin.AdminRecords.Page;
import dev.userinfo.info.admin.AdminRecords.ProfilePatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for profiles. Users are created and deleted only at auth-service (delivered here); the admin
 * changes the fields this service owns (nickname, avatar, gender, last login IP, chat duration) and memberships.
 */
@Path("/admin/profiles")
@AdminOnly
@Tag(name = "Admin")
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileAdminResource {

    private final DirectoryQueries queries;
    private final DirectoryAdmin admin;
    private final AdminWrites writes;

    public ProfileAdminResource(DirectoryQueries queries, DirectoryAdmin admin, AdminWrites writes) {
        this.queries = queries;
        this.admin = admin;
        this.writes = writes;
    }

    @GET
    @Operation(summary = "Profiles in user id order, a page at a time")
    @APIResponse(responseCode = "200", description = "{items, offset, limit, total}")
    @APIResponse(responseCode = "400", description = "offset or limit out of range")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    public Uni<Page<AdminRecords.Profile>> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return queries.page(DirectoryQueries.PROFILE_COLUMNS, "FROM profile", "user_id", List.of(), Paging.of(offset, limit),
                DirectoryQueries::profile);
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "One profile")
    @APIResponse(responseCode = "200", description = "The profile")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<AdminRecords.Profile> get(@PathParam("userId") long userId) {
        return queries.one("SELECT " + DirectoryQueries.PROFILE_COLUMNS + " FROM profile WHERE user_id = $1", Tuple.of(userId),
                DirectoryQueries::profile).map(found -> found.orElseThrow(() -> AdminProblem.notFound("no user " + userId)));
    }

    @PATCH
    @Path("/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the fields this service owns; absent fields stay")
    @APIResponse(responseCode = "200", description = "The changed profile")
    @APIResponse(responseCode = "400", description = "A field of the wrong type or out of range")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such user, or the user is deleted")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<AdminRecords.Profile> patch(@PathParam("userId") long userId, ProfilePatch patch) {
        if (patch == null) {
            throw AdminProblem.invalid("a JSON object is required");
        }
        ProfilePatch withId = new ProfilePatch(userId, patch.nickname(), patch.avatar(), patch.gender(), patch.last_login_ip(),
                patch.chat_duration_seconds());
        return writes.write((tx, touched) -> admin.patchProfile(tx, withId, touched))
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
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<List<Membership>> memberships(@PathParam("userId") long userId) {
        // An unknown user is 404, not an empty list (issue #13 item 7: the paged count over a GROUP BY had no row, 500).
        return get(userId).flatMap(exists -> queries.list(
                "SELECT m.user_id, m.org_id, COALESCE(array_agg(r.role_id ORDER BY r.role_id) FILTER (WHERE r.role_id IS NOT NULL), '{}') AS roles"
                        + " FROM membership m LEFT JOIN membership_role r ON r.user_id = m.user_id AND r.org_id = m.org_id"
                        + " WHERE m.user_id = $1 GROUP BY m.user_id, m.org_id ORDER BY m.org_id",
                Tuple.of(userId),
                r -> new Membership(r.getLong("user_id"), r.getLong("org_id"), List.of(r.getArrayOfLongs("roles")))));
    }

    @PUT
    @Path("/{userId}/orgs/{orgId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make the user a member of the organisation with exactly these roles")
    @APIResponse(responseCode = "204", description = "Done")
    @APIResponse(responseCode = "400", description = "role_ids not a list of positive ids")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such user, organisation or role")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> putMembership(@PathParam("userId") long userId, @PathParam("orgId") long orgId, Membership body) {
        Membership membership = new Membership(userId, orgId, body == null ? null : body.role_ids());
        return writes.write((tx, touched) -> admin.putMembership(tx, membership, touched)).map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Path("/{userId}/orgs/{orgId}")
    @Operation(summary = "End the user's membership of the organisation")
    @APIResponse(responseCode = "204", description = "Done")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such membership")
    public Uni<Response> deleteMembership(@PathParam("userId") long userId, @PathParam("orgId") long orgId) {
        return writes.write((tx, touched) -> admin.deleteMembership(tx, userId, orgId, touched)).map(found -> {
            if (!found) {
                throw AdminProblem.notFound("user " + userId + " is not a member of " + orgId);
            }
            return Response.noContent().build();
        });
    }
}
