package dev.userinfo.auth.delivery;

import dev.userinfo.contracts.admin.AdminOnly;
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

/** Where the user-event delivery stands for each subscriber: operators see a lagging or failing one here. */
@Path("/admin/deliveries")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "admin")
public class DeliveryAdminResource {

    private final UserEventDispatcher dispatcher;

    public DeliveryAdminResource(UserEventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @GET
    @Operation(summary = "Delivery state per subscriber",
            description = "delivered_seq below latest_seq means events wait; attempts and last_error show a failing subscriber.")
    @APIResponse(responseCode = "200", description = "One entry per subscriber that has been tried")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    public Uni<List<UserEventDispatcher.SubscriberState>> states() {
        return dispatcher.states();
    }
}
