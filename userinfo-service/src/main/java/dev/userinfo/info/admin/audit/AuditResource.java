package dev.userinfo.info.admin.audit;

import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.contracts.audit.AuditEntry;
import dev.userinfo.info.admin.AdminInput;
import dev.userinfo.info.admin.AdminQueries;
import dev.userinfo.jwt.admin.AdminApi;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail of this service's admin writes (issue #18): who changed what, when, before and after. */
@Path("/admin/audit")
@AdminApi
@Tag(name = "Admin")
@SecurityRequirements({@SecurityRequirement(name = AdminApi.ADMIN_TOKEN_SCHEME), @SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)})
@Produces(MediaType.APPLICATION_JSON)
@RegisterForReflection(targets = AuditEntry.class)
public class AuditResource {

    private final AuditStore store;

    public AuditResource(AuditStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "Audit entries, newest first, a page at a time, optionally of one actor, action or target")
    @APIResponse(responseCode = "200", description = "{items: [{id, at, actor, action, target, before, after}], total, page, page_size}; "
            + "page from 1, page_size 1 to 500 (default 50)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range, or a filter too long or with control characters (problem+json)")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.READ_FORBIDDEN)
    public Uni<Page<AuditEntry>> entries(@QueryParam("page") String page, @QueryParam("page_size") String pageSize,
            @Parameter(description = "admin-token or operator:<user id>") @QueryParam("actor") String actor,
            @Parameter(description = "e.g. org.update, membership.delete, profile.update") @QueryParam("action") String action,
            @Parameter(description = "e.g. org:7, role:3, app:1, user:42, import") @QueryParam("target") String target) {
        PageRequest request = PageRequest.of(page, pageSize, AdminQueries.DEFAULT_PAGE_SIZE, AdminQueries.MAX_PAGE_SIZE);
        return store.entries(filter("actor", actor), filter("action", action), filter("target", target), request);
    }

    /** Absent or empty matches everything, as an empty page parameter does. */
    private static String filter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        AdminInput.optionalText(name, value);
        return value;
    }
}
