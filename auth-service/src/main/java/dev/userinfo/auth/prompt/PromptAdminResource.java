package dev.userinfo.auth.prompt;

import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.auth.app.AppRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail of seed 000's authorization prompts (issue #6): every request, prompt, answer and expiry. */
@Path("/admin/prompts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class PromptAdminResource {

    private final PromptAudit audit;

    public PromptAdminResource(PromptAudit audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Authorization requests opened for seed 000, newest first, with their audit events",
            description = "Filters client_id and user_id; page (from 1) and page_size (1–100, default 20). Never a code or a state.")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; items: request_id, client_id, user_id, scopes, "
            + "status, prompted, created_at, expires_at, answered_at, events [{event, detail, at}]")
    @APIResponse(responseCode = "400", description = "Invalid filter or paging parameters (problem+json)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential (problem+json)")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    public Uni<Response> list(@QueryParam("client_id") String clientId, @QueryParam("user_id") String userId,
                              @QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(page, pageSize);
        Long user = userId == null ? null : (long) number(userId, -1, Integer.MAX_VALUE);
        if ((user != null && user < 0) || (clientId != null && !AppRegistry.isWellFormedClientId(clientId))) {
            throw AdminProblem.invalid("client_id must be a client_id and user_id a user id");
        }
        return audit.audit(clientId, user, request.page() - 1, request.pageSize())
                .flatMap(items -> audit.auditTotal(clientId, user).map(total -> Page.of(items, total, request)))
                .map(answer -> Response.ok(answer).header("Cache-Control", "no-store").build());
    }

    /** A whole number within [0, max], the default when absent, -1 when malformed or out of range. */
    private static int number(String value, int absent, int max) {
        if (value == null) {
            return absent;
        }
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long parsed = Long.parseLong(value);
        return parsed > max ? -1 : (int) parsed;
    }
}
