package dev.userinfo.quota.account;

import dev.userinfo.contracts.userevent.InvalidUserEvents;
import dev.userinfo.contracts.userevent.UserEventValidator;
import dev.userinfo.jwt.VerifiedCaller;
import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.web.ApiError;
import dev.userinfo.quota.web.Envelope;
import dev.userinfo.quota.web.JsonBody;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Receiver of auth-service's user lifecycle delivery (docs/internal-contracts.md §3). */
@Path("/internal/user-events")
@Tag(name = "Internal")
public class UserEventResource {

    /** quarkus.http.limits.max-body-size: a batch of 1000 typical events (contract §3) is about 450 KiB. */
    private static final int MAX_BODY = 1024 * 1024;

    private final UserEventReceiver receiver;
    private final SecurityIdentity identity;
    private final QuotaConfig config;

    public UserEventResource(UserEventReceiver receiver, SecurityIdentity identity, QuotaConfig config) {
        this.receiver = receiver;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("platform.user-events")
    @Operation(summary = "Apply a batch of user lifecycle events (idempotent, version-guarded, one transaction)")
    @APIResponse(responseCode = "200", description = "Committed: {\"applied\": n, \"ignored\": m}")
    @APIResponse(responseCode = "400", description = "Not the contract's shape; nothing applied")
    @APIResponse(responseCode = "401", description = "No token or an invalid one")
    @APIResponse(responseCode = "403", description = "Not auth-service's platform.user-events token")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> receive(@HeaderParam("Content-Type") String contentType, String body) {
        VerifiedCaller caller = VerifiedCaller.of(identity);
        // Only auth-service's own client token carries this scope (contract §3), checked twice.
        if (caller == null || !caller.clientToken() || !config.lifecycle().clientId().equals(caller.clientId())) {
            return Uni.createFrom().item(Envelope.error(403, "forbidden", "only auth-service delivers user events"));
        }
        try {
            var batch = UserEventValidator.read(JsonBody.parse(contentType, body, MAX_BODY).root());
            return receiver.apply(batch.events()).map(outcome -> Response.ok(outcome).build());
        } catch (InvalidUserEvents e) {
            return Uni.createFrom().item(Envelope.error(ApiError.badRequest(e.getMessage())));
        } catch (ApiError e) {
            return Uni.createFrom().item(Envelope.error(e));
        }
    }
}
