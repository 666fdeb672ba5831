package dev.userinfo.auth.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.userinfo.auth.admin.AdminActor;
import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.audit.AuditTrail;
import dev.userinfo.auth.user.UserAdminResource;
import dev.userinfo.auth.user.UserDirectory;
import dev.userinfo.contracts.admin.AdminProblem;
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
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin API for a user's consents (issue #18): the apps they authorized, and withdrawing one exactly as the user's own
 * /account/apps does ({@link Consents#withdraw}: the app's grants and tokens for the user are revoked), audited
 * user.withdraw-consent.
 */
@Path("/admin/users/{id}/consents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class UserConsentsAdminResource {

    /** One app the user authorized; the trail's before view of a withdrawal too. */
    @RegisterForReflection
    public record ConsentView(@JsonProperty("client_id") String clientId, String name, List<String> scopes,
                              @JsonProperty("granted_at") Instant grantedAt) {
        static ConsentView of(Consents.AuthorizedApp app) {
            return new ConsentView(app.app().clientId, app.app().name, app.scopes(), app.grantedAt());
        }
    }

    @RegisterForReflection
    public record UserConsents(List<ConsentView> items) {
    }

    private final Consents consents;
    private final UserDirectory users;
    private final AuditTrail audit;
    private final AdminActor actor;

    public UserConsentsAdminResource(Consents consents, UserDirectory users, AuditTrail audit, AdminActor actor) {
        this.consents = consents;
        this.users = users;
        this.audit = audit;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "The apps a user has authorized", description = "Each app's client_id, name, the scopes granted and when.")
    @APIResponse(responseCode = "200", description = "{items: [{client_id, name, scopes, granted_at}]}, newest first")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Response> list(@PathParam("id") String id) {
        long userId = UserAdminResource.id(id);
        return users.exists(userId).chain(found -> !found ? Uni.createFrom().item(UserAdminResource.notFound())
                : consents.list(userId).map(apps -> Response.ok(new UserConsents(apps.stream().map(ConsentView::of).toList())).build()));
    }

    @DELETE
    @Path("/{client_id}")
    @Operation(summary = "Withdraw a user's consent to an app", description = "As the user's own withdrawal on /account/apps: "
            + "the consent goes and every grant and token of that app for the user is revoked; resource services refuse them "
            + "from then on.")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user, or the user has not authorized that app")
    public Uni<Response> withdraw(@PathParam("id") String id, @PathParam("client_id") String clientId) {
        long userId = UserAdminResource.id(id);
        return Panache.withTransaction(() -> users.exists(userId).chain(found -> {
            if (!found) {
                return Uni.createFrom().item(UserAdminResource.notFound());
            }
            if (!AppRegistry.isWellFormedClientId(clientId)) {
                return Uni.createFrom().item(notAuthorized());
            }
            return consents.list(userId).chain(apps -> {
                ConsentView before = apps.stream().filter(a -> a.app().clientId.equals(clientId)).findFirst()
                        .map(ConsentView::of).orElse(null);
                return before == null ? Uni.createFrom().item(notAuthorized())
                        : consents.withdraw(userId, clientId).chain(done -> !done ? Uni.createFrom().item(notAuthorized())
                        : audit.record(actor.name(), "user.withdraw-consent", "user:" + userId, before, null)
                        .replaceWith(Response.noContent().build()));
            });
        }));
    }

    private static Response notAuthorized() {
        return new AdminProblem(404, "not_found", "the user has not authorized such an app").response();
    }
}
