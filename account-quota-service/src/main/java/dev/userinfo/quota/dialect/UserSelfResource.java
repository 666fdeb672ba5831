package dev.userinfo.quota.dialect;

import dev.userinfo.quota.account.Account;
import dev.userinfo.quota.account.AccountStore;
import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.ledger.QuotaLedger;
import dev.userinfo.quota.web.ApiError;
import dev.userinfo.quota.web.Callers;
import dev.userinfo.quota.web.Envelope;
import dev.userinfo.quota.web.JsonBody;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Seed 003's dialect: the account self view, its groups and the affiliate transfer, in the seed's envelope
 * {@code {"data":…,"message":…,"success":…}} with new-api's messages. Maps results only; rules live elsewhere.
 * Refusals carry no {@code data}, as QuantumNous/new-api middleware/auth.go and controller/user.go GetSelf answer.
 */
@Path("/api/user")
@Tag(name = "Account (seed 003)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class UserSelfResource {

    private static final Logger LOG = Logger.getLogger(UserSelfResource.class);
    static final String API_USER = "X-Api-User";
    static final String NO_TOKEN = "无权进行此操作，未登录且未提供 access token";
    static final String BAD_TOKEN = "无权进行此操作，access token 无效";
    static final String NOT_A_USER = "无权进行此操作，access token 不代表用户";
    static final String API_USER_MISMATCH = "无权进行此操作，X-Api-User 与登录用户不匹配";
    static final String NO_READ_SCOPE = "无权进行此操作，access token 缺少 quota_read 权限";
    static final String NO_WRITE_SCOPE = "无权进行此操作，access token 缺少 quota_write 权限";
    static final String BANNED = "用户已被封禁";
    static final String NOT_FOUND = "用户不存在";

    private final Callers callers;
    private final AccountStore accounts;
    private final QuotaLedger ledger;
    private final QuotaConfig config;

    public UserSelfResource(Callers callers, AccountStore accounts, QuotaLedger ledger, QuotaConfig config) {
        this.callers = callers;
        this.accounts = accounts;
        this.ledger = ledger;
        this.config = config;
    }

    @GET
    @Path("/self")
    @Operation(summary = "查询账户信息: the caller's account (seed 003)")
    @APIResponse(responseCode = "200", description = "data: every field of seed 003; secrets always empty")
    @APIResponse(responseCode = "401", description = "No token, an invalid one, a token without a user, or X-Api-User not the token's user")
    @APIResponse(responseCode = "403", description = "Token without quota_read, or the account is disabled")
    @APIResponse(responseCode = "404", description = "No account for this user (not delivered yet, or deleted)")
    @APIResponse(responseCode = "503", description = "try_again, 服务暂时不可用: unexpected failure (database unavailable); nothing changed, retry")
    public Uni<Response> self(@Context HttpHeaders headers) {
        return account(headers, "quota_read", NO_READ_SCOPE).map(a -> {
            QuotaConfig.Group group = ledger.groupOf(a.group());
            return Envelope.ok(SelfView.of(a, group.ratio(), group.topupRatio()));
        }).onFailure().recoverWithItem(UserSelfResource::failed);
    }

    @RegisterForReflection
    public record GroupView(int ratio, @com.fasterxml.jackson.annotation.JsonProperty("topup_ratio") int topupRatio,
                            String desc) {
    }

    @GET
    @Path("/self/groups")
    @Operation(summary = "The configured groups and their ratios, for the caller")
    @APIResponse(responseCode = "200", description = "data: group name → {ratio, topup_ratio, desc}")
    @APIResponse(responseCode = "401", description = "As for /api/user/self")
    @APIResponse(responseCode = "403", description = "As for /api/user/self")
    @APIResponse(responseCode = "404", description = "As for /api/user/self")
    @APIResponse(responseCode = "503", description = "try_again, 服务暂时不可用: unexpected failure (database unavailable); nothing changed, retry")
    public Uni<Response> groups(@Context HttpHeaders headers) {
        return account(headers, "quota_read", NO_READ_SCOPE).map(a -> {
            Map<String, GroupView> groups = new TreeMap<>();
            config.groups().forEach((name, g) -> groups.put(name, new GroupView(g.ratio(), g.topupRatio(), g.description())));
            return Envelope.ok(groups);
        }).onFailure().recoverWithItem(UserSelfResource::failed);
    }

    @POST
    @Path("/aff_transfer")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Move affiliate reward (aff_quota) into quota: {\"quota\": N}, at least the configured minimum")
    @APIResponse(responseCode = "200", description = "划转成功")
    @APIResponse(responseCode = "400", description = "quota missing, not an integer, or below the minimum")
    @APIResponse(responseCode = "401", description = "As for /api/user/self")
    @APIResponse(responseCode = "403", description = "Token (an app's or a personal access token) without quota_write, or the account is disabled")
    @APIResponse(responseCode = "404", description = "No account for this user")
    @APIResponse(responseCode = "409", description = "邀请额度不足！: aff_quota is less than quota")
    @APIResponse(responseCode = "413", description = "Body too large")
    @APIResponse(responseCode = "415", description = "Not application/json")
    @APIResponse(responseCode = "503", description = "try_again, 服务暂时不可用: unexpected failure (database unavailable); nothing changed, retry")
    public Uni<Response> affTransfer(@Context HttpHeaders headers, @HeaderParam("Content-Type") String contentType,
                                     String body) {
        return account(headers, "quota_write", NO_WRITE_SCOPE).flatMap(a -> {
            long min = config.affiliate().transferMinimum();
            long quota = JsonBody.parse(contentType, body, 1024).integer("quota", 1, config.maxAmount());
            if (quota < min) {
                throw ApiError.badRequest("转移额度最小为" + min);
            }
            return ledger.affTransfer(a.id(), quota).map(applied -> Envelope.ok(null, "划转成功"));
        }).onFailure().recoverWithItem(UserSelfResource::failed);
    }

    /** The caller's enabled account, after the token and X-Api-User rules (new-api's New-Api-User rule). */
    private Uni<Account> account(HttpHeaders headers, String scope, String noScope) {
        return callers.require(NO_TOKEN, BAD_TOKEN).flatMap(caller -> {
            if (caller.userId().isEmpty()) {
                throw new ApiError(401, "invalid_token", NOT_A_USER);
            }
            long userId = caller.userId().getAsLong();
            List<String> apiUser = headers.getRequestHeader(API_USER);
            if (apiUser != null && !apiUser.isEmpty() && (apiUser.size() != 1 || !sameUser(apiUser.get(0), userId))) {
                throw new ApiError(401, "invalid_token", API_USER_MISMATCH);
            }
            // An app's token and a personal access token alike carry the scope they were granted (issue #13, 2).
            if (!caller.hasScope(scope)) {
                throw new ApiError(403, "insufficient_scope", noScope);
            }
            return accounts.find(userId);
        }).map(found -> {
            Account a = found.filter(x -> !x.deleted()).orElseThrow(() -> new ApiError(404, "user_not_found", NOT_FOUND));
            if (!a.enabled()) {
                throw new ApiError(403, "account_disabled", BANNED);
            }
            return a;
        });
    }

    /** X-Api-User is the decimal user id (seed 003: integer); anything else cannot be the token's user. */
    private static boolean sameUser(String header, long userId) {
        String v = header.trim();
        return v.matches("[0-9]{1,19}") && v.equals(Long.toString(userId));
    }

    static Response failed(Throwable e) {
        if (e instanceof ApiError api) {
            return Envelope.error(api);
        }
        LOG.error("Account request failed", e);
        return Envelope.unavailable();
    }

}
