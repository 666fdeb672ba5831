package dev.userinfo.info.lifecycle;

import dev.userinfo.contracts.userevent.InvalidUserEvents;
import dev.userinfo.contracts.userevent.UserEventBatch;
import dev.userinfo.contracts.userevent.UserEventValidator;
import dev.userinfo.info.config.UserinfoConfig;
import dev.userinfo.jwt.VerifiedCaller;
import io.quarkus.runtime.annotations.RegisterForReflection;
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

/** Receives auth-service's user lifecycle delivery (docs/internal-contracts.md §3). */
@Path("/internal/user-events")
@Tag(name = "Internal")
public class UserEventResource {

    /** Error body: what was wrong with the batch; nothing of it was applied. */
    @RegisterForReflection
    public record Problem(String error, String error_description) {
    }

    /** Acknowledgement: the whole batch is committed. */
    @RegisterForReflection
    public record Ack(int applied, int ignored) {
    }

    private final UserEventReceiver receiver;
    private final SecurityIdentity identity;
    private final UserinfoConfig config;

    public UserEventResource(UserEventReceiver receiver, SecurityIdentity identity, UserinfoConfig config) {
        this.receiver = receiver;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("platform.user-events")
    @Operation(summary = "Apply a batch of user lifecycle events (version-guarded, idempotent, one transaction)")
    @APIResponse(responseCode = "200", description = "Every event of the batch is committed: {applied, ignored}")
    @APIResponse(responseCode = "400", description = "The body is not a batch of the contract's shape; nothing applied")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "Not auth-service, or no platform.user-events scope")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> receive(String body) {
        if (!fromAuthService(identity, config)) {
            return Uni.createFrom().item(problem(403, "forbidden", "only auth-service delivers user events"));
        }
        UserEventBatch batch;
        try {
            batch = UserEventValidator.read(body);
        } catch (InvalidUserEvents e) {
            return Uni.createFrom().item(problem(400, "invalid_request", e.getMessage()));
        }
        return receiver.apply(batch.events())
                .map(outcome -> Response.ok(new Ack(outcome.applied(), outcome.ignored())).build());
    }

    /** Only auth-service's own client token may deliver (docs/internal-contracts.md §3, §5), whatever another token's scopes. */
    static boolean fromAuthService(SecurityIdentity identity, UserinfoConfig config) {
        VerifiedCaller caller = VerifiedCaller.of(identity);
        return caller != null && caller.clientToken() && config.lifecycle().clientId().equals(caller.clientId());
    }

    static Response problem(int status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Problem(error, description)).build();
    }
}
