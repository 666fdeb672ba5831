package dev.userinfo.quota.ledger;

import dev.userinfo.jwt.VerifiedCaller;
import dev.userinfo.quota.account.AccountStore;
import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.web.ApiError;
import dev.userinfo.quota.web.Callers;
import dev.userinfo.quota.web.Envelope;
import dev.userinfo.quota.web.JsonBody;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The quota write API (issue #5, 3; who may call it: {@link QuotaGrants}, issue #13, 1): listed first-party
 * services with {@code service:quota_write} write any account; a user's token with {@code quota_write} consumes its own.
 * Amounts are integers in quota units; 500000 units are one currency unit (seed 003).
 */
@Path("/api/quota")
@Tag(name = "Quota")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(QuotaResource.class);
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_BODY = 4096;
    private static final int MAX_KEY = 128;
    private static final int MAX_REASON = 255;

    private final QuotaLedger ledger;
    private final Callers callers;
    private final AccountStore accounts;
    private final QuotaConfig config;
    private final QuotaGrants grants;

    public QuotaResource(QuotaLedger ledger, Callers callers, AccountStore accounts, QuotaConfig config,
                         QuotaGrants grants) {
        this.grants = grants;
        this.ledger = ledger;
        this.callers = callers;
        this.accounts = accounts;
        this.config = config;
    }

    /** The fields every write request carries. */
    private record Write(String actor, long userId, long amount, String key, String reason) {
    }

    @POST
    @Path("/consume")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Take amount from the user's quota, once per idempotency_key; never overdraws")
    @APIResponse(responseCode = "200", description = "Applied (or replayed: header Idempotent-Replayed: true); the ledger row with the balances after it")
    @APIResponse(responseCode = "400", description = "Missing or malformed field; nothing changed")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one")
    @APIResponse(responseCode = "403", description = "insufficient_scope: neither a listed service's client token with service:quota_write nor the user's own token with quota_write for this user_id; or account_disabled")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "insufficient_quota: data carries quota (the balance) and amount; nothing changed")
    @APIResponse(responseCode = "413", description = "Body larger than 4096 bytes")
    @APIResponse(responseCode = "415", description = "Not application/json")
    @APIResponse(responseCode = "422", description = "idempotency_key already used for a different request")
    @APIResponse(responseCode = "503", description = "Not applied (database unavailable or a lost race); retry with the same key")
    public Uni<Response> consume(@HeaderParam("Content-Type") String contentType, String body) {
        return write(QuotaGrants.Kind.CONSUME, contentType, body, w -> ledger.consume(new ConsumeRequest(w.actor, w.userId, w.amount, w.key, w.reason)));
    }

    @POST
    @Path("/refund")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Give back consumed quota: quota + amount, used_quota − amount; once per idempotency_key")
    @APIResponse(responseCode = "200", description = "Applied or replayed; the ledger row")
    @APIResponse(responseCode = "400", description = "Missing or malformed field; nothing changed")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one")
    @APIResponse(responseCode = "403", description = "insufficient_scope: not a listed first-party service's client token with service:quota_write (never a user's token)")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "refund_exceeds_used: amount is more than used_quota")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not application/json")
    @APIResponse(responseCode = "422", description = "idempotency_key already used for a different request")
    @APIResponse(responseCode = "503", description = "Not applied; retry with the same key")
    public Uni<Response> refund(@HeaderParam("Content-Type") String contentType, String body) {
        return write(QuotaGrants.Kind.REFUND, contentType, body, w -> ledger.refund(w.actor, w.userId, w.amount, w.key, w.reason));
    }

    @POST
    @Path("/topup")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Credit amount × the group's topup_ratio; once per idempotency_key")
    @APIResponse(responseCode = "200", description = "Applied or replayed; the ledger row (quota_delta is what was credited)")
    @APIResponse(responseCode = "400", description = "Missing or malformed field, or the credit would overflow; nothing changed")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one")
    @APIResponse(responseCode = "403", description = "insufficient_scope: not a listed first-party service's client token with service:quota_write (never a user's token)")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not application/json")
    @APIResponse(responseCode = "422", description = "idempotency_key already used for a different request")
    @APIResponse(responseCode = "503", description = "Not applied; retry with the same key")
    public Uni<Response> topup(@HeaderParam("Content-Type") String contentType, String body) {
        return write(QuotaGrants.Kind.TOPUP, contentType, body, w -> ledger.topup(w.actor, w.userId, w.amount, w.key, w.reason));
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "Ledger of an account, newest first, paged: the caller's own, or any user's for listed services, operators (admin:read) and admins' personal access tokens")
    @APIResponse(responseCode = "200", description = "data: {items, total, page, page_size}")
    @APIResponse(responseCode = "400", description = "Malformed page, page_size or user_id")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one")
    @APIResponse(responseCode = "403", description = "insufficient_scope: own ledger without quota_read/quota_write; another user's without being a listed service (service:quota_write), an operator (admin:read) or an admin's personal access token")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "503", description = "try_again: unexpected failure (database unavailable); nothing was read, retry")
    public Uni<Response> list(@QueryParam("user_id") String userIdParam, @QueryParam("page") String pageParam,
                              @QueryParam("page_size") String pageSizeParam) {
        return callers.require("no access token", "the access token is invalid or expired").flatMap(caller -> {
            int page = (int) number("page", pageParam, 1, 1, 1_000_000);
            int pageSize = (int) number("page_size", pageSizeParam, 20, 1, 100);
            Long asked = userIdParam == null ? null : number("user_id", userIdParam, 0, 1, Long.MAX_VALUE);
            if (caller.clientToken()) {
                // A listed service reconciling its writes: any user, named explicitly; the same grant as writing.
                if (!grants.readsAnyLedger(caller)) {
                    throw forbidden("a client token reads ledgers only for a first-party service on platform.quota.writers"
                            + " with the " + QuotaGrants.SERVICE_WRITE + " scope");
                }
                if (asked == null) {
                    throw ApiError.badRequest("user_id is required with a client_credentials token");
                }
                return listExisting(asked, page, pageSize);
            }
            if (caller.userId().isEmpty()) {
                throw forbidden("the access token does not stand for a user");
            }
            long self = caller.userId().getAsLong();
            if (asked == null || asked == self) {
                if (!QuotaGrants.readsOwn(caller)) {
                    throw forbidden("the access token needs the quota_read scope");
                }
                return listExisting(self, page, pageSize);
            }
            // Another user's ledger: an operator's token with admin:read (issue #18) or an enabled admin's own
            // personal access token with quota_read; never an app's token (issue #13, 2).
            AdminAccess.Decision access = AdminAccess.decide(caller, "GET");
            if (access.kind() == AdminAccess.Kind.OPERATOR) {
                return listExisting(asked, page, pageSize);
            }
            if (access.kind() == AdminAccess.Kind.REFUSED) {
                throw forbidden("another user's ledger needs an operator's token with admin:read or an admin's personal"
                        + " access token with quota_read");
            }
            return accounts.find(self).flatMap(me -> {
                if (me.isEmpty() || !me.get().admin() || !me.get().enabled() || me.get().deleted()) {
                    throw forbidden("only admins may read another user's ledger");
                }
                return listExisting(asked, page, pageSize);
            });
        }).onFailure().recoverWithItem(QuotaResource::failed);
    }

    static Response failed(Throwable e) {
        if (e instanceof ApiError api) {
            return Envelope.error(api);
        }
        LOG.error("Quota request failed", e);
        return Envelope.unavailable();
    }

    private Uni<Response> listExisting(long userId, int page, int pageSize) {
        return accounts.find(userId).flatMap(account -> {
            if (account.isEmpty() || account.get().deleted()) {
                throw QuotaErrors.userNotFound(userId);
            }
            return ledger.list(userId, page, pageSize).map(Envelope::ok);
        });
    }

    private Uni<Response> write(QuotaGrants.Kind kind, String contentType, String body,
                                java.util.function.Function<Write, Uni<Applied>> apply) {
        return callers.require("no access token", "the access token is invalid or expired").flatMap(caller -> {
            QuotaGrants.Writer writer = grants.writer(caller, kind);
            JsonBody json = JsonBody.parse(contentType, body, MAX_BODY);
            long userId = json.integer("user_id", 1, Long.MAX_VALUE);
            writer.check(userId);
            Write w = new Write(writer.actor(), userId, json.integer("amount", 1, config.maxAmount()),
                    json.text("idempotency_key", MAX_KEY), json.optionalText("reason", MAX_REASON).orElse(""));
            return apply.apply(w);
        }).map(QuotaResource::answer).onFailure().recoverWithItem(QuotaResource::failed);
    }

    static Response answer(Applied applied) {
        return applied.replayed() ? Envelope.ok(applied.entry(), REPLAYED, "true") : Envelope.ok(applied.entry());
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, "insufficient_scope", message);
    }

    /** A query parameter that must be a decimal integer in [min, max]; absent gives the default. */
    static long number(String name, String value, long dflt, long min, long max) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest(name + " must be an integer between " + min + " and " + max);
    }
}
