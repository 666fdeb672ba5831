package dev.userinfo.auth.delivery;

import dev.userinfo.auth.admin.AdminApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where each feed's delivery (users §3, apps §5) stands for each subscriber: operators see a lagging or failing one here. */
@Path("/admin/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class DeliveryAdminResource {

    private final EventDispatcher dispatcher;

    public DeliveryAdminResource(EventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @GET
    @Operation(summary = "Delivery state per subscriber and feed (user-events, app-events)",
            description = "delivered_seq below latest_seq means events wait; attempts and last_error show a failing subscriber.")
    @APIResponse(responseCode = "200", description = "One entry per subscriber and feed that has been tried: subscriber, feed, delivered_seq, latest_seq, attempts, last_error, updated_at")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    public Uni<List<EventDispatcher.SubscriberState>> states() {
        return dispatcher.states();
    }
}
