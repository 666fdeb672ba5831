package dev.userinfo.info.dialect;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userinfo.info.profile.AccessDenied;
import dev.userinfo.info.profile.Masking;
import dev.userinfo.info.profile.UserAccess;
import dev.userinfo.info.profile.UserSnapshot;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Seed 002 (获取用户详情信息): {@code {"code","status","message","data"}}; errors
 * {@code {"code":N,"data":{},"message","status":"fail"}} with HTTP status N. Ids are JSON strings, as in the
 * seed's example (its schema says int64; clients parse the example).
 */
@Path("/user/info")
@Tag(name = "Seed 002: user detail")
public class UserDetailResource {

    private static final Logger LOG = Logger.getLogger(UserDetailResource.class);

    @RegisterForReflection
    @JsonPropertyOrder({"code", "status", "message", "data"})
    public record Success(int code, String status, String message, UserInfoVO data) {
    }

    @RegisterForReflection
    @JsonPropertyOrder({"code", "data", "message", "status"})
    public record Failure(int code, Map<String, Object> data, String message, String status) {
    }

    @RegisterForReflection
    @JsonPropertyOrder({"userId", "nickname", "gender", "account", "avatar", "phone", "email", "orgList"})
    public record UserInfoVO(String userId, String nickname, int gender, String account, String avatar, String phone,
                             String email, List<UserOrgVO> orgList) {
    }

    @RegisterForReflection
    @JsonPropertyOrder({"orgId", "orgCode", "orgName", "roleList"})
    public record UserOrgVO(String orgId, String orgCode, String orgName, List<UserOrgRoleVO> roleList) {
    }

    @RegisterForReflection
    @JsonPropertyOrder({"roleId", "roleCode", "roleName"})
    public record UserOrgRoleVO(String roleId, String roleCode, String roleName) {
    }

    private final UserAccess access;

    public UserDetailResource(UserAccess access) {
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A user's profile with organisations and roles (seed 002)")
    @Parameter(name = "accessToken", in = ParameterIn.QUERY, required = true, description = "接口访问凭证 (never logged)")
    @Parameter(name = "userId", in = ParameterIn.QUERY, required = true, description = "用户ID: the token's user, or any user with directory access")
    @Parameter(name = "X-App-Id", in = ParameterIn.HEADER, required = true, description = "客户端 clientId: the app the token was "
            + "issued to, by its client_id or its numeric appid (digits only, as the seed's example X-App-Id: 1)")
    @APIResponse(responseCode = "200", description = "code 200, status success, message 请求成功, data UserInfoVO")
    @APIResponse(responseCode = "400", description = "A parameter or header missing, repeated, too long or not a number")
    @APIResponse(responseCode = "401", description = "Invalid or expired accessToken")
    @APIResponse(responseCode = "403", description = "Token of another app (or X-App-Id names no app), without the profile scope, or another user "
            + "without directory access")
    @APIResponse(responseCode = "404", description = "The user is unknown, disabled or deleted")
    @APIResponse(responseCode = "500", description = "Unexpected failure, or the token cannot be checked right now")
    public Uni<Response> info(@Context UriInfo uri, @Context HttpHeaders headers) {
        final String token, userIdParam;
        try {
            QueryParameters query = new QueryParameters(uri.getQueryParameters());
            token = query.required("accessToken");
            userIdParam = query.required("userId");
        } catch (QueryParameters.Invalid e) {
            return Uni.createFrom().item(fail(400, switch (e.problem) {
                case MISSING -> "缺少参数: " + e.name;
                case REPEATED -> "参数重复: " + e.name;
                case TOO_LONG -> "参数过长: " + e.name;
            }));
        }
        List<String> appIds = headers.getRequestHeader("X-App-Id");
        if (appIds == null || appIds.isEmpty() || appIds.get(0).isBlank()) {
            return Uni.createFrom().item(fail(400, "缺少请求头: X-App-Id"));
        }
        if (appIds.size() > 1) {
            return Uni.createFrom().item(fail(400, "请求头重复: X-App-Id"));
        }
        String appId = appIds.get(0).trim();
        Long userId = ChatroomAccountInfoResource.parseUserId(userIdParam);
        if (userId == null) {
            return Uni.createFrom().item(fail(400, "参数格式错误: userId"));
        }
        return access.caller(token)
                .call(caller -> access.requireAppNamed(caller, appId))
                .flatMap(caller -> {
                    UserAccess.requireScope(caller, "profile");
                    return access.userSeenBy(caller, userId).map(user -> Response.ok(success(caller, user)).build());
                })
                .onFailure().recoverWithItem(this::failed);
    }

    static Success success(VerifiedCaller caller, UserSnapshot user) {
        // phone and email only in clear with their scopes; org memberships only with org_read
        List<UserOrgVO> orgs = !caller.hasScope("org_read") ? List.of() : user.orgs().stream()
                .map(o -> new UserOrgVO(String.valueOf(o.orgId()), o.orgCode(), o.orgName(), o.roles().stream()
                        .map(r -> new UserOrgRoleVO(String.valueOf(r.roleId()), r.roleCode(), r.roleName())).toList()))
                .toList();
        UserInfoVO data = new UserInfoVO(String.valueOf(user.userId()), Masking.nickname(user.nickname()), user.gender(),
                user.account(), user.avatar(),
                caller.hasScope("phone") ? user.phone() : Masking.phone(user.phone()),
                caller.hasScope("email") ? user.email() : Masking.email(user.email()), orgs);
        return new Success(200, "success", "请求成功", data);
    }

    private Response failed(Throwable failure) {
        if (!(failure instanceof AccessDenied denied)) {
            LOG.errorf(failure, "seed 002 user info failed");
            return fail(500, "服务器内部错误");
        }
        return switch (denied.reason()) {
            case INVALID_TOKEN, NO_TOKEN -> fail(401, "accessToken无效");
            case EXPIRED_TOKEN -> fail(401, "accessToken已过期");
            case WRONG_APP -> fail(403, "accessToken不属于X-App-Id指定的应用");
            case MISSING_SCOPE -> fail(403, "accessToken无权读取用户信息");
            case OTHER_USER, NOT_A_USER -> fail(403, "无权读取该用户的信息");
            case UNKNOWN_USER -> fail(404, "用户不存在");
            case UNAVAILABLE -> fail(500, "暂时无法验证accessToken，请稍后重试");
            default -> fail(500, "服务器内部错误");
        };
    }

    /** A request the framework refused (method, media type, malformed input) in the seed's failure shape. */
    public static Response requestError(int code, String message) {
        return fail(code, message);
    }

    private static Response fail(int code, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(new Failure(code, Map.of(), message, "fail")).build();
    }
}
