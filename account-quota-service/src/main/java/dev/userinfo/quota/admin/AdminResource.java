package dev.userinfo.quota.admin;

import dev.userinfo.quota.account.Account;
import dev.userinfo.quota.account.AccountStore;
import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.ledger.QuotaGrants;
import dev.userinfo.quota.ledger.QuotaLedger;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.quota.web.ApiError;
import dev.userinfo.quota.web.Callers;
import dev.userinfo.quota.web.JsonBody;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Account administration (issue #5, 6) for users whose account has role 10 (admin) or 100 (root), with their own
 * personal access token: quota_read to list, quota_write to change; never an app's token (issue #13, 2). The admin
 * convention of all three services: bare answers, {@code page}/{@code page_size} paging, errors as the admin problem
 * (RFC 9457); seed 003's envelope stays on the seed's own endpoints.
 */
@Path("/api/admin/accounts")
@Tag(name = "Admin")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    private final Callers callers;
    private final AccountStore accounts;
    private final QuotaLedger ledger;
    private final QuotaConfig config;

    public AdminResource(Callers callers, AccountStore accounts, QuotaLedger ledger, QuotaConfig config) {
        this.callers = callers;
        this.accounts = accounts;
        this.ledger = ledger;
        this.config = config;
    }

    @GET
    @Operation(summary = "List and search accounts (username, display name, email or id), newest first, paged")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; items as the ledger-free account view; page from 1, page_size 1 to 100 (default 20)")
    @APIResponse(responseCode = "400", description = "Malformed page, page_size or keyword (problem+json)")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one (problem+json)")
    @APIResponse(responseCode = "403", description = "Not an enabled admin's personal access token with quota_read (an app's token never is; problem+json)")
    public Uni<Response> list(@QueryParam("keyword") String keyword, @QueryParam("page") String page,
                              @QueryParam("page_size") String pageSize) {
        return admin("quota_read").flatMap(adminId -> {
            String k = keyword == null ? "" : keyword.trim();
            if (k.length() > 100 || k.chars().anyMatch(Character::isISOControl)) {
                throw AdminProblem.invalid("keyword must be at most 100 characters without control characters");
            }
            PageRequest request = PageRequest.of(page, pageSize);
            return accounts.search(k, request.page(), request.pageSize());
        }).map(p -> Response.ok(new Page<>(p.items().stream().map(AdminResource::view).toList(), p.total(), p.page(), p.pageSize()),
                MediaType.APPLICATION_JSON_TYPE).build()).onFailure().recoverWithItem(AdminResource::failed);
    }

    @POST
    @Path("/{id}/quota")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Adjust an account's quota by delta (signed), ledgered with the admin as actor and a reason")
    @APIResponse(responseCode = "200", description = "The ledger row, with the balances after it")
    @APIResponse(responseCode = "400", description = "delta missing, zero or out of range; reason missing")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one (problem+json)")
    @APIResponse(responseCode = "403", description = "Not an enabled admin's personal access token with quota_write (an app's token never is; problem+json)")
    @APIResponse(responseCode = "404", description = "No such account (problem+json)")
    @APIResponse(responseCode = "409", description = "insufficient_quota: the balance would go below zero")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not application/json")
    public Uni<Response> adjust(@PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body) {
        return admin("quota_write").flatMap(adminId -> {
            long userId = number("id", id, 0, 1, Long.MAX_VALUE);
            JsonBody json = JsonBody.parse(contentType, body, 4096);
            long delta = json.integer("delta", -config.maxAmount(), config.maxAmount());
            if (delta == 0) {
                throw AdminProblem.invalid("delta must not be zero");
            }
            return ledger.adjust(adminId, userId, delta, json.text("reason", 255));
        }).map(applied -> Response.ok(applied.entry(), MediaType.APPLICATION_JSON_TYPE).build()).onFailure().recoverWithItem(AdminResource::failed);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable an account here (status 2), whatever auth-service says")
    @APIResponse(responseCode = "200", description = "The account after the change")
    @APIResponse(responseCode = "400", description = "Malformed id (problem+json)")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one (problem+json)")
    @APIResponse(responseCode = "403", description = "Not an enabled admin's personal access token with quota_write (an app's token never is; problem+json)")
    @APIResponse(responseCode = "404", description = "No such account (problem+json)")
    public Uni<Response> disable(@PathParam("id") String id) {
        return setDisabled(id, true);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Lift an admin's disable; the account is enabled if auth-service also has the user active")
    @APIResponse(responseCode = "200", description = "The account after the change")
    @APIResponse(responseCode = "400", description = "Malformed id (problem+json)")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one (problem+json)")
    @APIResponse(responseCode = "403", description = "Not an enabled admin's personal access token with quota_write (an app's token never is; problem+json)")
    @APIResponse(responseCode = "404", description = "No such account (problem+json)")
    public Uni<Response> enable(@PathParam("id") String id) {
        return setDisabled(id, false);
    }

    private Uni<Response> setDisabled(String id, boolean disabled) {
        return admin("quota_write").flatMap(adminId -> {
            long userId = number("id", id, 0, 1, Long.MAX_VALUE);
            if (disabled && userId == adminId) {
                throw AdminProblem.invalid("an admin cannot disable their own account");
            }
            LOG.infof("Admin %d %s account %d", adminId, disabled ? "disables" : "enables", userId);
            return accounts.setAdminDisabled(userId, disabled);
        }).map(a -> Response.ok(view(a), MediaType.APPLICATION_JSON_TYPE).build()).onFailure().recoverWithItem(AdminResource::failed);
    }

    /** The id of the calling admin: a user token with {@code scope} whose own account is an enabled admin. */
    private Uni<Long> admin(String scope) {
        return callers.require("no access token", "the access token is invalid or expired").flatMap(caller -> {
            // An operator's own credential only: an app's token never administers, whoever it was issued for (issue #13, 2).
            if (!QuotaGrants.operatorToken(caller, scope)) {
                throw new AdminProblem(403, "insufficient_scope", "an admin's personal access token with " + scope + " is required");
            }
            long id = caller.userId().getAsLong();
            return accounts.find(id).map(me -> {
                if (me.isEmpty() || !me.get().admin() || !me.get().enabled() || me.get().deleted()) {
                    throw new AdminProblem(403, "forbidden", "无权进行此操作，权限不足");
                }
                return id;
            });
        });
    }

    /** An account for admins: the stored fields without any secret (there are none stored). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record AccountView(long id, String username,
                              @com.fasterxml.jackson.annotation.JsonProperty("display_name") String displayName,
                              int role, int status, String email, String group, long quota,
                              @com.fasterxml.jackson.annotation.JsonProperty("used_quota") long usedQuota,
                              @com.fasterxml.jackson.annotation.JsonProperty("request_count") long requestCount,
                              @com.fasterxml.jackson.annotation.JsonProperty("aff_code") String affCode,
                              @com.fasterxml.jackson.annotation.JsonProperty("inviter_id") long inviterId,
                              @com.fasterxml.jackson.annotation.JsonProperty("created_at") long createdAt,
                              String lifecycle,
                              @com.fasterxml.jackson.annotation.JsonProperty("admin_disabled") boolean adminDisabled) {
    }

    static AccountView view(Account a) {
        return new AccountView(a.id(), a.username(), a.displayName(), a.role(), a.status(), a.email(), a.group(),
                a.quota(), a.usedQuota(), a.requestCount(), a.affCode(), a.inviterId(), a.createdAt(), a.lifecycle(),
                a.adminDisabled());
    }

    static long number(String name, String value, long dflt, long min, long max) {
        if (value == null || value.isEmpty()) {
            if (dflt >= min) {
                return dflt;
            }
            throw AdminProblem.invalid(name + " is required");
        }
        try {
            long v = Long.parseLong(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminProblem.invalid(name + " must be an integer between " + min + " and " + max);
    }

    /** Every refusal as the admin problem; the ledger's and the body reader's refusals keep their status and code. */
    static Response failed(Throwable e) {
        if (e instanceof AdminProblem problem) {
            return problem.response();
        }
        if (e instanceof ApiError api) {
            return new AdminProblem(api.status(), api.code(), api.getMessage()).response();
        }
        LOG.error("Admin request failed", e);
        return new AdminProblem(503, "try_again", "the service could not complete the request; nothing was changed").response();
    }
}
