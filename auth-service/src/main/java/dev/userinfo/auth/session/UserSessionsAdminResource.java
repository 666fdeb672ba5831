package dev.userinfo.auth.session;

import dev.userinfo.auth.admin.AdminActor;
import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.auth.audit.AuditTrail;
import dev.userinfo.auth.user.UserAdminResource;
import dev.userinfo.auth.user.UserDirectory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for a user's browser sessions (issue #18): see them, and end them all (audited user.end-sessions). */
@Path("/admin/users/{id}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class UserSessionsAdminResource {

    /** The user's sessions, newest first. */
    @RegisterForReflection
    public record UserSessions(List<SessionView> items) {
    }

    private final AuditTrail audit;
    private final AdminActor actor;
    private final UserDirectory users;

    public UserSessionsAdminResource(AuditTrail audit, AdminActor actor, UserDirectory users) {
        this.audit = audit;
        this.actor = actor;
        this.users = users;
    }

    @GET
    @Operation(summary = "A user's browser sessions", description = "Each with created_at, signed_in_at and expires_at; "
            + "never the cookie value or its hash.")
    @APIResponse(responseCode = "200", description = "{items: [{created_at, signed_in_at, expires_at}]}, newest first")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Response> list(@PathParam("id") String id) {
        long userId = UserAdminResource.id(id);
        return users.exists(userId).chain(found -> !found ? Uni.createFrom().item(UserAdminResource.notFound())
                : Sessions.listFor(userId).map(sessions -> Response.ok(new UserSessions(sessions)).build()));
    }

    @DELETE
    @Operation(summary = "End every browser session of a user", description = "The user's session cookies stop working at "
            + "once; tokens already issued to apps stay (withdraw a consent or disable the user for those).")
    @APIResponse(responseCode = "204", description = "Ended (also when there were none)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Response> endAll(@PathParam("id") String id) {
        long userId = UserAdminResource.id(id);
        return Panache.withTransaction(() -> users.exists(userId).chain(found -> !found ? Uni.createFrom().item(UserAdminResource.notFound())
                : Sessions.listFor(userId).chain(before -> Sessions.endAllFor(userId)
                .chain(() -> audit.record(actor.name(), "user.end-sessions", "user:" + userId,
                        Map.of("sessions", before.size()), Map.of("sessions", 0)))
                .replaceWith(Response.noContent().build()))));
    }
}
