package dev.userinfo.auth.app;

import dev.userinfo.auth.admin.AdminActor;
import dev.userinfo.auth.admin.AdminApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /admin/apps/{client_id}/approve-scopes}: an operator approves privileged scopes an app requested (issue #18). */
@Path("/admin/apps/{clientId}/approve-scopes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class ScopeApprovalResource {

    /** The body: the requested scopes to approve. */
    public record Approval(List<String> scopes) {
    }

    private final ScopeApprovals approvals;
    private final AdminActor actor;

    public ScopeApprovalResource(ScopeApprovals approvals, AdminActor actor) {
        this.approvals = approvals;
        this.actor = actor;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve requested privileged scopes", description = "Body {\"scopes\":[…]}: each must be one of the "
            + "app's requested_scopes (quota_write, org_read asked for in the developer console); they move to scopes "
            + "and are granted from then on.")
    @APIResponse(responseCode = "200", description = "Approved: the app, with scopes and requested_scopes after the change")
    @APIResponse(responseCode = "400", description = "No scopes, or a scope the app did not request (problem+json); nothing changes")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential (problem+json)")
    @APIResponse(responseCode = "403", description = "A token without admin:write (an auditor's, a plain user's, an app's; problem+json); nothing changes")
    @APIResponse(responseCode = "404", description = "No such app (problem+json)")
    @APIResponse(responseCode = "415", description = "Body is not JSON (problem+json)")
    public Uni<Response> approve(@PathParam("clientId") String clientId, Approval approval) {
        return approvals.approve(actor.name(), clientId, approval == null ? null : approval.scopes())
                .map(app -> Response.ok(AppView.of(app, null)).build());
    }
}
