package dev.userinfo.auth.app;

import dev.userinfo.auth.admin.AdminError;
import dev.userinfo.auth.admin.AdminOnly;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Admin API of the app registry. */
@Path("/admin/apps")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "admin")
public class AppAdminResource {

    private final AppRegistry registry;

    public AppAdminResource(AppRegistry registry) {
        this.registry = registry;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an app", description = "A confidential app's client_secret is in this answer only. "
            + "prompt_first_party (default false): seed 000 may prompt users who never authorized the app.")
    @APIResponse(responseCode = "201", description = "Registered; the body carries the secret once")
    @APIResponse(responseCode = "400", description = "Invalid registration (name, client_id, type, redirect URIs, scopes)")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "409", description = "client_id already registered")
    @APIResponse(responseCode = "415", description = "Body is not JSON")
    public Uni<Response> register(AppRegistration registration) {
        return registry.register(registration).map(r -> Response.status(Response.Status.CREATED)
                .header("Cache-Control", "no-store")
                .entity(AppView.of(r.app(), r.clientSecret())).build());
    }

    @GET
    @Operation(summary = "List apps, by appid")
    @APIResponse(responseCode = "200", description = "One page of apps")
    @APIResponse(responseCode = "400", description = "Invalid paging parameters")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    public Uni<Response> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        int p = parse(page, 0);
        int s = parse(size, 20);
        if (p < 0 || s < 1 || s > 100) {
            return Uni.createFrom().item(badRequest("page must be ≥ 0 and size between 1 and 100"));
        }
        return registry.list(p, s).map(apps -> Response.ok(apps.stream().map(a -> AppView.of(a, null)).toList()).build());
    }

    @GET
    @Path("/{clientId}")
    @Operation(summary = "One app by client_id")
    @APIResponse(responseCode = "200", description = "The app")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such app")
    public Uni<Response> get(@PathParam("clientId") String clientId) {
        return registry.find(clientId).map(app -> app == null
                ? Response.status(Response.Status.NOT_FOUND).entity(new AdminError("not_found", "no app with that client_id")).build()
                : Response.ok(AppView.of(app, null)).build());
    }

    @PATCH
    @Path("/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an app", description = "name, description, logo_url, redirect_uris, scopes, enabled, prompt_first_party; absent fields stay. A disabled app gets no tokens and no authorization.")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid field, or an attempt to change client_id or client_type")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such app")
    @APIResponse(responseCode = "415", description = "Body is not JSON")
    public Uni<Response> update(@PathParam("clientId") String clientId, AppRegistration patch) {
        return registry.update(clientId, patch).map(app -> Response.ok(AppView.of(app, null)).build());
    }

    @POST
    @Path("/{clientId}/secret")
    @Operation(summary = "Rotate the app key (client secret)", description = "The new secret is in this answer only; the old one stops working.")
    @APIResponse(responseCode = "200", description = "Rotated; the body carries the new secret once")
    @APIResponse(responseCode = "400", description = "A public client has no secret")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    @APIResponse(responseCode = "404", description = "No such app")
    public Uni<Response> rotateSecret(@PathParam("clientId") String clientId) {
        return registry.rotateSecret(clientId).map(r -> Response.ok(AppView.of(r.app(), r.clientSecret()))
                .header("Cache-Control", "no-store").build());
    }

    @ServerExceptionMapper
    public RestResponse<AdminError> invalid(AppRegistrationException e) {
        if (e instanceof AppRegistrationException.NotFound) {
            return RestResponse.status(Response.Status.NOT_FOUND, new AdminError("not_found", e.getMessage()));
        }
        return RestResponse.status(e.conflict() ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST,
                new AdminError(e.conflict() ? "conflict" : "invalid_request", e.getMessage()));
    }

    private static int parse(String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new AdminError("invalid_request", message)).build();
    }
}
