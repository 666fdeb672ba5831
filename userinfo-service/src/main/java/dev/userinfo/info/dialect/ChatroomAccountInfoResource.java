package dev.userinfo.info.dialect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userinfo.info.profile.AccessDenied;
import dev.userinfo.info.profile.AuthorizePrompt;
import dev.userinfo.info.profile.UserAccess;
import dev.userinfo.info.profile.UserSnapshot;
import dev.userinfo.info.prompt.PromptOutcome;
import dev.userinfo.info.prompt.PromptTrigger;
import dev.userinfo.jwt.BearerTokenAuthenticationMechanism;
import dev.userinfo.jwt.VerifiedCaller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Seed 000 (获取用户信息-自动触发授权): {@code {"msg","result","status"}}, {@code status} "ok" on success. */
@Path("/chatroom/api/account/info")
@Tag(name = "Seed 000: chatroom account info")
public class ChatroomAccountInfoResource {

    private static final Logger LOG = Logger.getLogger(ChatroomAccountInfoResource.class);
    static final String USER_INFO_READ = "user_info_read";
    static final String USER_CHAT_DURATION_READ = "user_chat_duration_read";

    /** The seed's envelope, fields in the seed's order. */
    @RegisterForReflection
    @JsonPropertyOrder({"msg", "result", "status"})
    public record Envelope(String msg, Object result, String status) {
    }

    /** The seed's result; {@code chat_duration} (seconds) only with {@code user_chat_duration_read}. */
    @RegisterForReflection
    @JsonPropertyOrder({"avatar", "username", "chat_duration"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(String avatar, String username, @JsonProperty("chat_duration") Long chatDuration) {
    }

    /**
     * A 401's result: the authorization request auth-service opened (docs/internal-contracts.md §4), or, without
     * auth-service, a local {@code authorize_url} and no {@code request_id}.
     */
    @RegisterForReflection
    @JsonPropertyOrder({"authorize_url", "request_id", "prompted"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prompt(@JsonProperty("authorize_url") String authorizeUrl, @JsonProperty("request_id") String requestId,
                         boolean prompted) {
    }

    /** A 403's result: where to ask again with the missing scope (nobody is prompted for a valid token). */
    @RegisterForReflection
    public record Reauthorize(@JsonProperty("authorize_url") String authorizeUrl) {
    }

    private final UserAccess access;
    private final AuthorizePrompt prompt;
    private final PromptTrigger prompts;

    public ChatroomAccountInfoResource(UserAccess access, AuthorizePrompt prompt, PromptTrigger prompts) {
        this.access = access;
        this.prompt = prompt;
        this.prompts = prompts;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The user's avatar and username (seed 000)")
    @Parameter(name = "client_id", description = "客户端ID: the app the token must have been issued to", required = true)
    @Parameter(name = "redirect_uri", description = "回调地址, used in result.authorize_url", required = true)
    @Parameter(name = "scope", description = "申请的权限, space separated, used in result.authorize_url", required = true)
    @Parameter(name = "user_id", description = "用户ID: when given, must be the token's user; without a usable token, the user to prompt")
    @APIResponse(responseCode = "200", description = "status ok, result {avatar, username[, chat_duration]}")
    @APIResponse(responseCode = "400", description = "A query parameter missing, repeated, too long or not a number; or, without a "
            + "usable token, auth-service refused the app's parameters: client_id 无效, redirect_uri 未注册, scope 无效, 授权请求无效")
    @APIResponse(responseCode = "401", description = "No, invalid or expired token, or one issued to another app: an authorization "
            + "request is opened at auth-service and the user prompted if they can be; result {authorize_url, request_id, prompted} "
            + "(without auth-service: a local authorize_url, prompted false, no request_id)")
    @APIResponse(responseCode = "403", description = "Token without user_info_read (result.authorize_url), or user_id of another user")
    @APIResponse(responseCode = "404", description = "The user is unknown, disabled or deleted")
    @APIResponse(responseCode = "429", description = "Without a usable token: the app opened too many authorization requests "
            + "lately (授权请求过于频繁，请稍后重试); Retry-After as auth-service sent it")
    @APIResponse(responseCode = "500", description = "Unexpected failure")
    @APIResponse(responseCode = "503", description = "The token cannot be checked right now")
    public Uni<Response> info(@Context UriInfo uri, @Context HttpHeaders headers) {
        final String clientId, redirectUri, scope, userIdParam;
        try {
            QueryParameters query = new QueryParameters(uri.getQueryParameters());
            clientId = query.required("client_id");
            redirectUri = query.required("redirect_uri");
            scope = query.required("scope");
            userIdParam = query.optional("user_id");
        } catch (QueryParameters.Invalid e) {
            return Uni.createFrom().item(error(400, switch (e.problem) {
                case MISSING -> "缺少参数 " + e.name;
                case REPEATED -> "参数 " + e.name + " 重复";
                case TOO_LONG -> "参数 " + e.name + " 过长";
            }, Map.of()));
        }
        Long userId = null;
        if (userIdParam != null && !userIdParam.isEmpty()) {
            userId = parseUserId(userIdParam);
            if (userId == null) {
                return Uni.createFrom().item(error(400, "参数 user_id 格式错误", Map.of()));
            }
        }
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.size() > 1) {
            return Uni.createFrom().item(error(400, "Authorization 请求头重复", Map.of()));
        }
        String token = authorization == null || authorization.isEmpty() ? null
                : BearerTokenAuthenticationMechanism.bearerToken(authorization.get(0));
        Long expectedUser = userId;
        return access.caller(token)
                .flatMap(caller -> {
                    // The token must have been issued to the app that asks (seed 000: client_id 客户端ID).
                    if (!clientId.equals(caller.clientId())) {
                        throw new AccessDenied(AccessDenied.Reason.WRONG_APP);
                    }
                    UserAccess.requireScope(caller, USER_INFO_READ);
                    if (expectedUser != null && caller.userId().isPresent() && caller.userId().getAsLong() != expectedUser) {
                        throw new AccessDenied(AccessDenied.Reason.OTHER_USER);
                    }
                    return access.user(caller).map(user -> ok(caller, user));
                })
                .onFailure().recoverWithUni(failure -> failed(failure, clientId, redirectUri, scope, expectedUser))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "seed 000 request failed");
                    return error(500, "服务器内部错误", Map.of());
                });
    }

    private static Response ok(VerifiedCaller caller, UserSnapshot user) {
        Long chat = caller.hasScope(USER_CHAT_DURATION_READ) ? user.chatDurationSeconds() : null;
        return Response.ok(new Envelope("", new Account(user.avatar(), user.nickname(), chat), "ok")).build();
    }

    private Uni<Response> failed(Throwable failure, String clientId, String redirectUri, String scope, Long userId) {
        if (!(failure instanceof AccessDenied denied)) {
            return Uni.createFrom().failure(failure);
        }
        String unauthorized = switch (denied.reason()) {
            case NO_TOKEN -> "缺少访问令牌，请先授权";
            case INVALID_TOKEN, NOT_A_USER -> "访问令牌无效，请重新授权";
            case EXPIRED_TOKEN -> "访问令牌已过期，请重新授权";
            case WRONG_APP -> "访问令牌不属于该应用，请重新授权";
            default -> null;
        };
        if (unauthorized != null) {
            // The seed's 自动触发授权: without a usable token, auth-service opens the request and may prompt the user.
            return prompts.open(clientId, redirectUri, scope, userId).map(outcome -> unauthorized(unauthorized, outcome));
        }
        return Uni.createFrom().item(switch (denied.reason()) {
            case MISSING_SCOPE -> error(403, "访问令牌缺少 user_info_read 权限",
                    new Reauthorize(prompt.url(clientId, redirectUri, scope)));
            case OTHER_USER -> error(403, "user_id 不是访问令牌的用户", Map.of());
            case UNKNOWN_USER -> error(404, "用户不存在或已停用", Map.of());
            case UNAVAILABLE -> error(503, "暂时无法验证访问令牌，请稍后重试", Map.of());
            default -> error(500, "服务器内部错误", Map.of());
        });
    }

    /** docs/internal-contracts.md §4's "seed 000 answer" column. */
    private static Response unauthorized(String msg, PromptOutcome outcome) {
        if (outcome instanceof PromptOutcome.Opened opened) {
            return error(401, msg, new Prompt(opened.authorizeUrl(), opened.requestId(), opened.prompted()));
        }
        if (outcome instanceof PromptOutcome.Refused refused) {
            return error(400, switch (refused.refusal()) {
                case UNKNOWN_CLIENT -> "client_id 无效";
                case INVALID_REDIRECT_URI -> "redirect_uri 未注册";
                case INVALID_SCOPE -> "scope 无效";
                case INVALID_REQUEST -> refused.description() == null || refused.description().isBlank() ? "授权请求无效"
                        : "授权请求无效: " + abbreviate(refused.description());
            }, Map.of());
        }
        PromptOutcome.SlowDown slowDown = (PromptOutcome.SlowDown) outcome;
        Response.ResponseBuilder answer = Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Envelope("授权请求过于频繁，请稍后重试", Map.of(), "failed"));
        if (slowDown.retryAfter() != null) {
            answer.header("Retry-After", slowDown.retryAfter());
        }
        return answer.build();
    }

    private static String abbreviate(String description) {
        return description.length() <= 200 ? description : description.substring(0, 200) + "…";
    }

    /** A request the framework refused (method, media type, malformed input) in this seed's envelope. */
    public static Response requestError(int status, String msg) {
        return error(status, msg, Map.of());
    }

    private static Response error(int status, String msg, Object result) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Envelope(msg, result, "failed")).build();
    }

    static Long parseUserId(String value) {
        if (value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
