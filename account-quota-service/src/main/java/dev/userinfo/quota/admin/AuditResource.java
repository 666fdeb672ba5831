package dev.userinfo.quota.admin;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.quota.audit.AuditTrail;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail of this service's admin writes, for operators and auditors (issue #18: "queryable by API as well"). */
@Path("/api/admin/audit")
@Tag(name = "Admin")
@SecurityRequirement(name = AdminResource.ADMIN_TOKEN_SCHEME)
@SecurityRequirement(name = AdminResource.OPERATOR_SCHEME)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int MAX_FILTER = 200;

    private final AdminGuard guard;
    private final AuditTrail audit;

    public AuditResource(AdminGuard guard, AuditTrail audit) {
        this.guard = guard;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "The audit trail, newest first, paged; optionally only one actor, action and/or target (exact match)")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size} of {id, at (RFC 3339), actor, action, target, before, after}; page from 1, page_size 1 to 100 (default 20)")
    @APIResponse(responseCode = "400", description = "Malformed page or page_size, or a filter over 200 characters or with a control character (problem+json)")
    @APIResponse(responseCode = "401", description = AdminResource.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminResource.FORBIDDEN_READ)
    @APIResponse(responseCode = "503", description = "try_again: unexpected failure; nothing was read (problem+json)")
    public Uni<Response> list(@QueryParam("page") String page, @QueryParam("page_size") String pageSize,
                              @QueryParam("actor") String actor, @QueryParam("action") String action,
                              @QueryParam("target") String target, @Context HttpHeaders headers) {
        return guard.require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), HttpMethod.GET).flatMap(caller -> {
            PageRequest request = PageRequest.of(page, pageSize);
            AuditTrail.Filter filter = new AuditTrail.Filter(filter("actor", actor), filter("action", action),
                    filter("target", target));
            return audit.list(filter, request);
        }).map(AdminResource::ok).onFailure().recoverWithItem(AdminResource::failed);
    }

    /** An exact-match filter; absent or empty matches everything, like an absent page. */
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
