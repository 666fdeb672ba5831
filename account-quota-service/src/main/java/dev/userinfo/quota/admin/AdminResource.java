package dev.userinfo.quota.admin;

import dev.userinfo.quota.account.Account;
import dev.userinfo.quota.account.AccountStore;
import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.ledger.QuotaLedger;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.quota.web.ApiError;
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
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Account administration (issue #5, 6; issue #18): for an operator's own token with admin:read to read and admin:write
 * to change (actor {@code operator:<id>}), the static credential {@code quota.admin.token} (actor {@code admin-token}),
 * or an enabled admin's (role 10 or 100) personal access token with quota_read / quota_write (actor {@code user:<id>});
 * never an app's own token (issue #13, 2) — {@link AdminGuard}. Every write is audited in its own transaction
 * ({@link AdminWrites}). The admin convention of all three services: bare answers, {@code page}/{@code page_size}
 * paging, errors as the admin problem (RFC 9457); seed 003's envelope stays on the seed's own endpoints.
 */
@Path("/api/admin/accounts")
@Tag(name = "Admin")
@SecurityScheme(securitySchemeName = AdminResource.ADMIN_TOKEN_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The static admin credential (quota.admin.token), for automation and bootstrap; audited as admin-token")
@SecurityScheme(securitySchemeName = AdminResource.OPERATOR_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT or pat_…",
        description = "An operator's own access token or personal access token with admin:read (GET) or admin:write (POST);"
                + " audited as operator:<user id>")
@SecurityRequirement(name = AdminResource.ADMIN_TOKEN_SCHEME)
@SecurityRequirement(name = AdminResource.OPERATOR_SCHEME)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    static final String ADMIN_TOKEN_SCHEME = "admin-token";
    static final String OPERATOR_SCHEME = "operator";
    static final String UNAUTHORIZED = "No credential, or an invalid one (problem+json, error invalid_token)";
    static final String FORBIDDEN_READ = "insufficient_scope: neither admin:read nor an admin's personal access token with"
            + " quota_read (an app's own token never is); forbidden: the personal token of anyone but an enabled admin (problem+json)";
    static final String FORBIDDEN_WRITE = "insufficient_scope: neither admin:write (an auditor's admin:read is not enough) nor"
            + " an admin's personal access token with quota_write (an app's own token never is); forbidden: the personal token"
            + " of anyone but an enabled admin (problem+json); nothing changed";

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    private final AdminGuard guard;
    private final AdminWrites writes;
    private final AccountStore accounts;
    private final QuotaLedger ledger;
    private final QuotaConfig config;

    public AdminResource(AdminGuard guard, AdminWrites writes, AccountStore accounts, QuotaLedger ledger, QuotaConfig config) {
        this.guard = guard;
        this.writes = writes;
        this.accounts = accounts;
        this.ledger = ledger;
        this.config = config;
    }

    @GET
    @Operation(summary = "List and search accounts (username, display name, email or id), newest first, paged")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; items as the ledger-free account view; page from 1, page_size 1 to 100 (default 20)")
    @APIResponse(responseCode = "400", description = "Malformed page, page_size or keyword (problem+json)")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = FORBIDDEN_READ)
    @APIResponse(responseCode = "503", description = "try_again: unexpected failure; nothing was read (problem+json)")
    public Uni<Response> list(@QueryParam("keyword") String keyword, @QueryParam("page") String page,
                              @QueryParam("page_size") String pageSize, @Context HttpHeaders headers) {
        return guard.require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), HttpMethod.GET).flatMap(actor -> {
            String k = keyword == null ? "" : keyword.trim();
            if (k.length() > 100 || k.chars().anyMatch(Character::isISOControl)) {
                throw AdminProblem.invalid("keyword must be at most 100 characters without control characters");
            }
            PageRequest request = PageRequest.of(page, pageSize);
            return accounts.search(k, request.page(), request.pageSize());
        }).map(p -> ok(new Page<>(p.items().stream().map(AdminResource::view).toList(), p.total(), p.page(), p.pageSize())))
                .onFailure().recoverWithItem(AdminResource::failed);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One account, as the list shows it")
    @APIResponse(responseCode = "200", description = "The account view")
    @APIResponse(responseCode = "400", description = "Malformed id (problem+json)")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = FORBIDDEN_READ)
    @APIResponse(responseCode = "404", description = "user_not_found: no such account, or deleted (problem+json)")
    @APIResponse(responseCode = "503", description = "try_again: unexpected failure; nothing was read (problem+json)")
    public Uni<Response> one(@PathParam("id") String id, @Context HttpHeaders headers) {
        return guard.require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), HttpMethod.GET)
                .flatMap(actor -> existing(number("id", id, 0, 1, Long.MAX_VALUE)))
                .map(a -> ok(view(a))).onFailure().recoverWithItem(AdminResource::failed);
    }

    @GET
    @Path("/{id}/ledger")
    @Operation(summary = "One account's ledger, newest first, paged (the ledger rows of GET /api/quota/ledger, bare)")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size} of ledger rows; page from 1, page_size 1 to 100 (default 20)")
    @APIResponse(responseCode = "400", description = "Malformed id, page or page_size (problem+json)")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = FORBIDDEN_READ)
    @APIResponse(responseCode = "404", description = "user_not_found: no such account, or deleted (problem+json)")
    @APIResponse(responseCode = "503", description = "try_again: unexpected failure; nothing was read (problem+json)")
    public Uni<Response> accountLedger(@PathParam("id") String id, @QueryParam("page") String page,
                                       @QueryParam("page_size") String pageSize, @Context HttpHeaders headers) {
        return guard.require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), HttpMethod.GET).flatMap(actor -> {
            long userId = number("id", id, 0, 1, Long.MAX_VALUE);
            PageRequest request = PageRequest.of(page, pageSize);
            return existing(userId).flatMap(a -> ledger.list(userId, request.page(), request.pageSize()));
        }).map(AdminResource::ok).onFailure().recoverWithItem(AdminResource::failed);
    }

    @POST
    @Path("/{id}/quota")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Adjust an account's quota by delta (signed), ledgered with the person acting as actor (user:<id>) and a reason, audited (quota.adjust)")
    @APIResponse(responseCode = "200", description = "The ledger row, with the balances after it")
    @APIResponse(responseCode = "400", description = "delta missing, zero or out of range; reason missing (problem+json)")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = FORBIDDEN_WRITE)
    @APIResponse(responseCode = "404", description = "user_not_found: no such account (problem+json)")
    @APIResponse(responseCode = "409", description = "insufficient_quota: the balance would go below zero")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not application/json")
    @APIResponse(responseCode = "503", description = "try_again: not applied; nothing was changed (problem+json)")
    public Uni<Response> adjust(@PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body,
                                @Context HttpHeaders headers) {
        return guard.require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), HttpMethod.POST).flatMap(actor -> {
            long userId = number("id", id, 0, 1, Long.MAX_VALUE);
            JsonBody json = JsonBody.parse(contentType, body, 4096);
            long delta = json.integer("delta", -config.maxAmount(), config.maxAmount());
            if (delta == 0) {
                throw AdminProblem.invalid("delta must not be zero");
            }
            return writes.adjust(actor, userId, delta, json.text("reason", 255));
        }).map(applied -> ok(applied.entry())).onFailure().recoverWithItem(AdminResource::failed);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable an account here (status 2), whatever auth-service says; audited (account.disable)")
    @APIResponse(responseCode = "200", description = "The account after the change")
    @APIResponse(responseCode = "400", description = "Malformed id, or the acting person's own account (problem+json)")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = FORBIDDEN_WRITE)
    @APIResponse(responseCode = "404", description = "user_not_found: no such account (problem+json)")
    @APIResponse(responseCode = "503", description = "try_again: not applied; nothing was changed (problem+json)")
    public Uni<Response> disable(@PathParam("id") String id, @Context HttpHeaders headers) {
        return setDisabled(id, true, headers);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Lift an admin's disable; the account is enabled if auth-service also has the user active; audited (account.enable)")
    @APIResponse(responseCode = "200", description = "The account after the change")
    @APIResponse(responseCode = "400", description = "Malformed id (problem+json)")
    @APIResponse(responseCode = "401", description = UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = FORBIDDEN_WRITE)
    @APIResponse(responseCode = "404", description = "user_not_found: no such account (problem+json)")
    @APIResponse(responseCode = "503", description = "try_again: not applied; nothing was changed (problem+json)")
    public Uni<Response> enable(@PathParam("id") String id, @Context HttpHeaders headers) {
        return setDisabled(id, false, headers);
    }

    private Uni<Response> setDisabled(String id, boolean disabled, HttpHeaders headers) {
        return guard.require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), HttpMethod.POST).flatMap(actor -> {
            long userId = number("id", id, 0, 1, Long.MAX_VALUE);
            if (disabled && actor.isPerson(userId)) {
                throw AdminProblem.invalid("an admin cannot disable their own account");
            }
            LOG.infof("%s %s account %d", actor.audit(), disabled ? "disables" : "enables", userId);
            return writes.setDisabled(actor, userId, disabled);
        }).map(a -> ok(view(a))).onFailure().recoverWithItem(AdminResource::failed);
    }

    private Uni<Account> existing(long userId) {
        return accounts.find(userId).map(a -> a.filter(found -> !found.deleted())
                .orElseThrow(() -> new ApiError(404, "user_not_found", "用户不存在")));
    }

    static Response ok(Object entity) {
        return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build();
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
