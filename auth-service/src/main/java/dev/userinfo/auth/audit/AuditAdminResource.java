package dev.userinfo.auth.audit;

import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.contracts.audit.AuditEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail of this service's admin writes (issue #18): who changed what, when, before and after. */
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
@RegisterForReflection(targets = AuditEntry.class)
public class AuditAdminResource {

    /** Longest filter value: an actor, action or target is short; anything longer matches nothing anyway. */
    static final int MAX_FILTER = 200;

    private final AuditTrail trail;

    public AuditAdminResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    @Operation(summary = "The audit trail, newest first",
            description = "Every admin write of this service: actor (operator:<user id> or admin-token), action "
                    + "(<noun>.<verb>, e.g. user.disable), target (user:<id>, app:<client_id>, key:<kid>), at (RFC 3339), "
                    + "before and after (JSON views, never a password, hash or secret). Filters actor, action, target "
                    + "(exact); page (from 1) and page_size (1–100, default 20).")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; items: id, at, actor, action, target, before, after")
    @APIResponse(responseCode = "400", description = "A filter longer than 200 characters or with control characters, or bad paging (problem+json)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential (problem+json)")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope, problem+json)")
    public Uni<Response> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
                              @QueryParam("target") String target, @QueryParam("page") String page,
                              @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        AuditTrail.Filter filter = new AuditTrail.Filter(filter("actor", actor), filter("action", action), filter("target", target));
        return trail.list(filter, request).map(answer -> Response.ok(answer).header("Cache-Control", "no-store").build());
    }

    /** An exact-match filter value, or null when absent or empty ("?actor=" filters nothing, like no actor at all). */
    private static String filter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_FILTER || value.chars().anyMatch(Character::isISOControl)) {
            throw AdminProblem.invalid(name + " must be at most " + MAX_FILTER + " characters without control characters");
        }
        return value;
    }
}
