package dev.userinfo.info.dialect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userinfo.info.profile.AccessDenied;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Seed 001 (VVChat OAuth2, 第三步 获取用户个人信息): {@code {"open_id","nickname","sex"}}, errors {@code {"err_code","err_msg"}}. */
@Path("/userservices/v2/authorization/userinfo")
@Tag(name = "Seed 001: VVChat userinfo")
public class VvchatUserinfoResource {

    private static final Logger LOG = Logger.getLogger(VvchatUserinfoResource.class);

    /** The seed's 返回说明; nickname and sex only with snsapi_userinfo. */
    @RegisterForReflection
    @JsonPropertyOrder({"open_id", "nickname", "sex"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserInfo(@JsonProperty("open_id") String openId, String nickname, String sex) {
    }

    /** The seed's error shape ({"err_code":400,"err_msg":"无效的code"}); err_code equals the HTTP status. */
    @RegisterForReflection
    @JsonPropertyOrder({"err_code", "err_msg"})
    public record Error(@JsonProperty("err_code") int errCode, @JsonProperty("err_msg") String errMsg) {
    }

    private final UserAccess access;

    public VvchatUserinfoResource(UserAccess access) {
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The user's open_id, nickname and sex (seed 001); header Authorization: TOKEN (Bearer TOKEN accepted)")
    @APIResponse(responseCode = "200", description = "open_id, nickname, sex (男, 女 or \"\"); with snsapi_base only: open_id")
    @APIResponse(responseCode = "400", description = "More than one Authorization header")
    @APIResponse(responseCode = "401", description = "No, invalid or expired token")
    @APIResponse(responseCode = "403", description = "Token with neither snsapi_userinfo nor snsapi_base")
    @APIResponse(responseCode = "404", description = "The user is unknown, disabled or deleted")
    @APIResponse(responseCode = "500", description = "Unexpected failure")
    @APIResponse(responseCode = "503", description = "The token cannot be checked right now")
    public Uni<Response> userinfo(@Context HttpHeaders headers) {
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.size() > 1) {
            return Uni.createFrom().item(error(400, "Authorization请求头重复"));
        }
        String token = authorization == null || authorization.isEmpty() ? null : PresentedToken.ofAuthorization(authorization.get(0));
        return access.caller(token)
                .flatMap(caller -> {
                    // open_id is per app and user (DESIGN.md, Tokens); a token without one was not issued to an app for a user.
                    if (caller.openId() == null || caller.userId().isEmpty()) {
                        throw new AccessDenied(AccessDenied.Reason.INVALID_TOKEN);
                    }
                    if (!caller.hasScope("snsapi_userinfo") && !caller.hasScope("snsapi_base")) {
                        throw new AccessDenied(AccessDenied.Reason.MISSING_SCOPE);
                    }
                    return access.user(caller).map(user -> Response.ok(info(caller, user)).build());
                })
                .onFailure().recoverWithItem(this::failed);
    }

    static UserInfo info(VerifiedCaller caller, UserSnapshot user) {
        if (!caller.hasScope("snsapi_userinfo")) {
            return new UserInfo(caller.openId(), null, null);
        }
        String sex = switch (user.gender()) {
            case 1 -> "男";
            case 2 -> "女";
            default -> "";
        };
        return new UserInfo(caller.openId(), user.nickname(), sex);
    }

    private Response failed(Throwable failure) {
        if (!(failure instanceof AccessDenied denied)) {
            LOG.errorf(failure, "seed 001 userinfo failed");
            return error(500, "服务器内部错误");
        }
        return switch (denied.reason()) {
            case NO_TOKEN -> error(401, "缺少token");
            case EXPIRED_TOKEN -> error(401, "token已过期");
            case MISSING_SCOPE -> error(403, "token无权获取用户信息");
            case UNKNOWN_USER -> error(404, "用户不存在");
            case UNAVAILABLE -> error(503, "服务暂不可用");
            default -> error(401, "无效的token");
        };
    }

    /** A request the framework refused (method, media type, malformed input) in the seed's {err_code, err_msg}. */
    public static Response requestError(int status, String message) {
        return error(status, message);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Error(status, message)).build();
    }
}
