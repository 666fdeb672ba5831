package dev.userinfo.info.lifecycle;

import dev.userinfo.contracts.appevent.AppEventBatch;
import dev.userinfo.contracts.appevent.AppEventValidator;
import dev.userinfo.contracts.appevent.InvalidAppEvents;
import dev.userinfo.info.config.UserinfoConfig;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Receives auth-service's app registrations (docs/internal-contracts.md §5): apps are registered once, there. */
@Path("/internal/app-events")
@Tag(name = "Internal")
public class AppEventResource {

    private final AppEventReceiver receiver;
    private final SecurityIdentity identity;
    private final UserinfoConfig config;

    public AppEventResource(AppEventReceiver receiver, SecurityIdentity identity, UserinfoConfig config) {
        this.receiver = receiver;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("platform.app-events")
    @Operation(summary = "Apply a batch of app registration events (version-guarded, idempotent, one transaction)")
    @APIResponse(responseCode = "200", description = "Every event of the batch is committed: {applied, ignored}")
    @APIResponse(responseCode = "400", description = "The body is not a batch of the contract's shape; nothing applied")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "Not auth-service, or no platform.app-events scope")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> receive(String body) {
        if (!UserEventResource.fromAuthService(identity, config)) {
            return Uni.createFrom().item(UserEventResource.problem(403, "forbidden", "only auth-service delivers app events"));
        }
        AppEventBatch batch;
        try {
            batch = AppEventValidator.read(body);
        } catch (InvalidAppEvents e) {
            return Uni.createFrom().item(UserEventResource.problem(400, "invalid_request", e.getMessage()));
        }
        return receiver.apply(batch.events())
                .map(outcome -> Response.ok(new UserEventResource.Ack(outcome.applied(), outcome.ignored())).build());
    }
}
