package dev.userinfo.auth.app;

import dev.userinfo.auth.admin.AdminActor;
import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API of the app registry; every write is recorded in the audit trail with the request's {@link AdminActor}. */
@Path("/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class AppAdminResource {

    private final AppRegistry registry;
    private final AdminActor actor;

    public AppAdminResource(AppRegistry registry, AdminActor actor) {
        this.registry = registry;
        this.actor = actor;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an app", description = "A confidential app's client_secret is in this answer only. "
            + "prompt_first_party (default false): seed 000 may prompt users who never authorized the app.")
    @APIResponse(responseCode = "201", description = "Registered; the body carries the secret once")
    @APIResponse(responseCode = "400", description = "Invalid registration (name, client_id, type, redirect URIs, scopes)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "409", description = "client_id already registered")
    @APIResponse(responseCode = "415", description = "Body is not JSON")
    public Uni<Response> register(AppRegistration registration) {
        return registry.register(actor.name(), registration).map(r -> Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(AppView.of(r.app(), r.clientSecret())).build());
    }

    @GET
    @Operation(summary = "List apps, by appid")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 100 (default 20)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range (problem+json)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential (problem+json)")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    public Uni<Response> list(@QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        return registry.list(request).map(apps -> Response.ok(apps.map(a -> AppView.of(a, null))).build());
    }

    @GET
    @Path("/{clientId}")
    @Operation(summary = "One app by client_id")
    @APIResponse(responseCode = "200", description = "The app")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such app")
    public Uni<Response> get(@PathParam("clientId") String clientId) {
        return registry.find(clientId).map(app -> app == null
                ? AdminProblem.notFound("no app with that client_id").response()
                : Response.ok(AppView.of(app, null)).build());
    }

    @PATCH
    @Path("/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an app", description = "name, description, logo_url, redirect_uris, scopes, enabled, prompt_first_party; absent fields stay. A disabled app gets no tokens and no authorization.")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid field, or an attempt to change client_id or client_type")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such app")
    @APIResponse(responseCode = "415", description = "Body is not JSON")
    public Uni<Response> update(@PathParam("clientId") String clientId, AppRegistration patch) {
        return registry.update(actor.name(), clientId, patch).map(app -> Response.ok(AppView.of(app, null)).build());
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(summary = "Delete an app", description = "Its grants and consents go with it; userinfo-service is told "
            + "(app.deleted, docs/internal-contracts.md §5) and forgets its groups. Issued access tokens expire on their own.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such app")
    public Uni<Response> delete(@PathParam("clientId") String clientId) {
        return registry.delete(actor.name(), clientId).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{clientId}/secret")
    @Operation(summary = "Rotate the app key (client secret)", description = "The new secret is in this answer only; the old one stops working.")
    @APIResponse(responseCode = "200", description = "Rotated; the body carries the new secret once")
    @APIResponse(responseCode = "400", description = "A public client has no secret")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such app")
    public Uni<Response> rotateSecret(@PathParam("clientId") String clientId) {
        return registry.rotateSecret(actor.name(), clientId).map(r -> Response.ok(AppView.of(r.app(), r.clientSecret()))
                .header("Cache-Control", "no-store").build());
    }
}
