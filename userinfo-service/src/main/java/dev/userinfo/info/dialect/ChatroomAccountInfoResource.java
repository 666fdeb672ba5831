package dev.userinfo.info.dialect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userinfo.info.profile.AccessDenied;
import dev.userinfo.info.profile.AuthorizePrompt;
import dev.userinfo.info.profile.UserAccess;
import dev.userinfo.info.profile.UserSnapshot;
import dev.userinfo.info.prompt.AnonymousTriggerLimit;
import dev.userinfo.info.prompt.PromptOutcome;
import dev.userinfo.info.prompt.PromptTrigger;
import dev.userinfo.jwt.VerifiedCaller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
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
     * auth-service, a local {@code authorize_url} and no {@code request_id}. When the app did not prove itself, only
     * a state-less {@code authorize_url} (issue #13 item 4: the same answer for every user_id).
     */
    @RegisterForReflection
    @JsonPropertyOrder({"authorize_url", "request_id", "prompted"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prompt(@JsonProperty("authorize_url") String authorizeUrl, @JsonProperty("request_id") String requestId,
                         Boolean prompted) {
    }

    /** A 403's result: where to ask again with the missing scope (nobody is prompted for a valid token). */
    @RegisterForReflection
    public record Reauthorize(@JsonProperty("authorize_url") String authorizeUrl) {
    }

    private final UserAccess access;
    private final AuthorizePrompt prompt;
    private final PromptTrigger prompts;
    private final AnonymousTriggerLimit anonymousLimit;

    public ChatroomAccountInfoResource(UserAccess access, AuthorizePrompt prompt, PromptTrigger prompts,
                                       AnonymousTriggerLimit anonymousLimit) {
        this.access = access;
        this.prompt = prompt;
        this.prompts = prompts;
        this.anonymousLimit = anonymousLimit;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The user's avatar and username (seed 000)")
    @Parameter(name = "client_id", description = "客户端ID: the app the token must have been issued to, by its client_id or its numeric appid", required = true)
    @Parameter(name = "redirect_uri", description = "回调地址, used in result.authorize_url", required = true)
    @Parameter(name = "scope", description = "申请的权限, space separated, used in result.authorize_url", required = true)
    @Parameter(name = "user_id", description = "用户ID: when given, must be the token's user; without a usable token, the user to prompt "
            + "(only when the app proved itself)")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, description = "Bearer <access token>, or the bare token; "
            + "or the app's HTTP Basic client_id:client_secret (a tokenless call that proves the app)")
    @Parameter(name = "token", in = ParameterIn.HEADER, description = "The access token (the seed's apikey-header-token); "
            + "beside Authorization only with the same token")
    @APIResponse(responseCode = "200", description = "status ok, result {avatar, username[, chat_duration]}")
    @APIResponse(responseCode = "400", description = "A query parameter missing, repeated, too long or not a number; a header "
            + "repeated (Authorization 请求头重复, token 请求头重复); token and Authorization with different credentials "
            + "(token 请求头与 Authorization 请求头不一致); or, without a usable token, auth-service refused the app's "
            + "parameters: client_id 无效, redirect_uri 未注册, scope 无效, 授权请求无效")
    @APIResponse(responseCode = "401", description = "No usable user token: msg 缺少访问令牌，请先授权 when none was sent; when one was "
            + "sent and refused, 访问令牌无效，请重新授权 (invalid, revoked, or the app's own client token), 访问令牌已过期，请重新授权, or "
            + "访问令牌不属于该应用，请重新授权 (another app's token, a personal access token). If the app proved itself (its own "
            + "client token, or HTTP Basic client_id:client_secret) an authorization request is opened at auth-service and the "
            + "user prompted if they can be: result {authorize_url, request_id, prompted} (without auth-service: a local "
            + "authorize_url, prompted false, no request_id). Otherwise result {authorize_url} only, without state, the same "
            + "for every user_id")
    @APIResponse(responseCode = "403", description = "Token without user_info_read (result.authorize_url), or user_id of another user")
    @APIResponse(responseCode = "404", description = "The user is unknown, disabled or deleted")
    @APIResponse(responseCode = "429", description = "Without a usable token: the app opened too many authorization requests "
            + "lately, or too many unproven calls came from this address (授权请求过于频繁，请稍后重试); Retry-After")
    @APIResponse(responseCode = "500", description = "Unexpected failure")
    @APIResponse(responseCode = "503", description = "The token cannot be checked right now")
    public Uni<Response> info(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        final String appNamed, redirectUri, scope, userIdParam;
        try {
            QueryParameters query = new QueryParameters(uri.getQueryParameters());
            appNamed = query.required("client_id");
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
        // The seed's two credentials: Authorization (Bearer, or bare) and its apikey-header-token, the header token.
        PresentedToken.Credentials credentials = PresentedToken.ofSeed000(headers.getRequestHeader(HttpHeaders.AUTHORIZATION),
                headers.getRequestHeader(PresentedToken.TOKEN_HEADER));
        if (credentials instanceof PresentedToken.Conflict conflict) {
            return Uni.createFrom().item(error(400, switch (conflict.kind()) {
                case REPEATED_AUTHORIZATION -> "Authorization 请求头重复";
                case REPEATED_TOKEN -> "token 请求头重复";
                case AUTHORIZATION_AND_TOKEN_DIFFER -> "token 请求头与 Authorization 请求头不一致";
            }, Map.of()));
        }
        // The real client address (X-Forwarded-For only from ingress.trustedProxies, quarkus.http.proxy.*).
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        Long expectedUser = userId;
        // 客户端ID names the app by its client_id or its numeric appid (the seed's example is 000000), as at seeds 001,
        // 002 and 004; auth-service and the token know the client_id.
        return access.clientIdOf(appNamed).flatMap(clientId -> clientId.isEmpty()
                ? Uni.createFrom().item(error(400, "client_id 无效", Map.of()))
                : answer(clientId.get(), redirectUri, scope, expectedUser, credentials, address))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "seed 000 app lookup failed");
                    return error(500, "服务器内部错误", Map.of());
                });
    }

    private Uni<Response> answer(String clientId, String redirectUri, String scope, Long expectedUser,
                                 PresentedToken.Credentials credentials, String address) {
        if (credentials instanceof PresentedToken.Basic basic) {
            // The app proves itself with its secret (issue #13 item 4); only auth-service can check it.
            String secret = basicSecretOf(basic.authorization(), clientId);
            PromptOutcome.Proof proof = secret == null ? PromptOutcome.Proof.NONE : new PromptOutcome.Proof.ClientSecret(secret);
            return trigger("缺少访问令牌，请先授权", clientId, redirectUri, scope, expectedUser, proof, address);
        }
        String token = ((PresentedToken.Token) credentials).token();
        return access.caller(token)
                .flatMap(caller -> {
                    if (caller.userId().isEmpty() && clientId.equals(caller.clientId())) {
                        // The app's own client token: a proven trigger (issue #13 item 4), never data.
                        return trigger("访问令牌无效，请重新授权", clientId, redirectUri, scope, expectedUser,
                                new PromptOutcome.Proof.ClientToken(), address);
                    }
                    // The token must have been issued to the app that asks (seed 000: client_id 客户端ID); never a PAT.
                    UserAccess.requireApp(caller, clientId);
                    UserAccess.requireScope(caller, USER_INFO_READ);
                    if (expectedUser != null && caller.userId().isPresent() && caller.userId().getAsLong() != expectedUser) {
                        throw new AccessDenied(AccessDenied.Reason.OTHER_USER);
                    }
                    return access.user(caller).map(user -> ok(caller, user));
                })
                .onFailure().recoverWithUni(failure -> failed(failure, clientId, redirectUri, scope, expectedUser, address))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "seed 000 request failed");
                    return error(500, "服务器内部错误", Map.of());
                });
    }

    private static Response ok(VerifiedCaller caller, UserSnapshot user) {
        Long chat = caller.hasScope(USER_CHAT_DURATION_READ) ? user.chatDurationSeconds() : null;
        return Response.ok(new Envelope("", new Account(user.avatar(), user.nickname(), chat), "ok")).build();
    }

    private Uni<Response> failed(Throwable failure, String clientId, String redirectUri, String scope, Long userId, String address) {
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
            // The seed's 自动触发授权, for a caller that did not prove to be the app: nothing about any user.
            return trigger(unauthorized, clientId, redirectUri, scope, userId, PromptOutcome.Proof.NONE, address);
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

    /**
     * Asks auth-service to open the request (docs/internal-contracts.md §4). Calls the app did not prove are limited
     * per source address, here, before auth-service is asked; a secret auth-service rejects counts as unproven.
     */
    private Uni<Response> trigger(String msg, String clientId, String redirectUri, String scope, Long userId,
                                  PromptOutcome.Proof proof, String address) {
        boolean tokenProven = proof instanceof PromptOutcome.Proof.ClientToken;
        if (!tokenProven) {
            long wait = anonymousLimit.retryAfter(address);
            if (wait > 0) {
                return Uni.createFrom().item(unauthorized(msg, new PromptOutcome.SlowDown(Long.toString(wait))));
            }
            if (proof instanceof PromptOutcome.Proof.None) {
                anonymousLimit.count(address);
            }
        }
        return prompts.open(clientId, redirectUri, scope, userId, proof)
                .invoke(outcome -> {
                    if (proof instanceof PromptOutcome.Proof.ClientSecret && outcome instanceof PromptOutcome.Opened opened
                            && opened.unproven()) {
                        anonymousLimit.count(address);
                    }
                })
                .map(outcome -> unauthorized(msg, outcome));
    }

    /** The secret of an HTTP Basic credential (RFC 7617, RFC 6749 §2.3.1) whose user is {@code clientId}, else null. */
    static String basicSecretOf(String header, String clientId) {
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String user = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            return user.equals(clientId) && !secret.isEmpty() && secret.length() <= 512 ? secret : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
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
