package dev.userinfo.info.dialect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.info.profile.AccessDenied;
import dev.userinfo.info.profile.AppUserAccess;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Seed 004 (获取用户信息接口): {@code POST /developer/profile.php?lang=zh|en}, also at {@code /developer/user_info.php}
 * (the seed's lang example names it). {@code {"code","data","msg"}}, the HTTP status equal to {@code code}, the
 * seven rows of 状态码说明 in Chinese or English.
 */
@Path("/developer")
@Tag(name = "Seed 004: developer profile")
public class DeveloperProfileResource {

    private static final Logger LOG = Logger.getLogger(DeveloperProfileResource.class);
    private static final int MAX_TOKEN = 8192;
    private static final int MAX_EMAIL = 320;

    /** The seven rows of the seed's 状态码说明, with their English texts for {@code lang=en}. */
    enum Status {
        OK(200, "操作成功", "Success"),
        MISSING(400, "请求参数缺失", "Missing request parameters"),
        MALFORMED(400, "参数格式错误", "Invalid parameter format"),
        NO_APP(404, "应用不存在", "Application does not exist"),
        TOKEN_FAILED(401, "Token验证失败", "Token verification failed"),
        EXPIRED(401, "登录已失效", "Login has expired"),
        INTERNAL(500, "服务器内部错误", "Internal server error");

        final int code;
        final String zh;
        final String en;

        Status(int code, String zh, String en) {
            this.code = code;
            this.zh = zh;
            this.en = en;
        }
    }

    @RegisterForReflection
    @JsonPropertyOrder({"code", "data", "msg"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Envelope(int code, Profile data, String msg) {
    }

    @RegisterForReflection
    @JsonPropertyOrder({"uid", "nickname", "avatar", "location", "user_group"})
    public record Profile(String uid, String nickname, String avatar, String location,
                          @JsonProperty("user_group") String userGroup) {
    }

    private final AppUserAccess access;
    private final ObjectMapper json;

    public DeveloperProfileResource(AppUserAccess access, ObjectMapper json) {
        this.access = access;
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    @POST
    @Path("/profile.php")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The user's uid, nickname, avatar, location and groups for an app (seed 004)")
    @Parameter(name = "lang", in = ParameterIn.QUERY, description = "zh (default) or en")
    @APIResponse(responseCode = "200", description = "操作成功")
    @APIResponse(responseCode = "400", description = "请求参数缺失 (appid or email) or 参数格式错误 (not JSON, wrong types, both or neither token)")
    @APIResponse(responseCode = "401", description = "Token验证失败 or 登录已失效")
    @APIResponse(responseCode = "404", description = "应用不存在")
    @APIResponse(responseCode = "500", description = "服务器内部错误")
    public Uni<Response> profile(String body, @Context UriInfo uri, @Context HttpHeaders headers) {
        return answer(body, uri, headers);
    }

    @POST
    @Path("/user_info.php")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Alias of /developer/profile.php (the seed's lang example uses this name)")
    @Parameter(name = "lang", in = ParameterIn.QUERY, description = "zh (default) or en")
    @APIResponse(responseCode = "200", description = "操作成功")
    @APIResponse(responseCode = "400", description = "请求参数缺失 or 参数格式错误")
    @APIResponse(responseCode = "401", description = "Token验证失败 or 登录已失效")
    @APIResponse(responseCode = "404", description = "应用不存在")
    @APIResponse(responseCode = "500", description = "服务器内部错误")
    public Uni<Response> userInfo(String body, @Context UriInfo uri, @Context HttpHeaders headers) {
        return answer(body, uri, headers);
    }

    private Uni<Response> answer(String body, UriInfo uri, HttpHeaders headers) {
        boolean english = english(uri.getQueryParameters().get("lang"));
        MediaType type = headers.getMediaType();
        // seed 004: Content-Type 必须设置为 application/json
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isWildcardType() || type.isWildcardSubtype()) {
            return done(Status.MALFORMED, english);
        }
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            return done(Status.MALFORMED, english);
        }
        if (request == null || !request.isObject()) {
            return done(Status.MALFORMED, english);
        }
        JsonNode appid = present(request.get("appid"));
        JsonNode email = present(request.get("email"));
        JsonNode userToken = present(request.get("user_token"));
        JsonNode accessToken = present(request.get("access_token"));
        if (appid == null || email == null) {
            return done(Status.MISSING, english);
        }
        // appid is an int; email and tokens are strings; exactly one of user_token and access_token (二选一)
        if (!appid.canConvertToLong() || !appid.isIntegralNumber() || appid.asLong() <= 0
                || !email.isTextual() || email.asText().length() > MAX_EMAIL
                || (userToken == null) == (accessToken == null)) {
            return done(Status.MALFORMED, english);
        }
        JsonNode token = userToken != null ? userToken : accessToken;
        if (!token.isTextual() || token.asText().length() > MAX_TOKEN) {
            return done(Status.MALFORMED, english);
        }
        long appId = appid.asLong();
        return access.lookup(appId, email.asText(), token.asText())
                .map(found -> Response.ok(new Envelope(Status.OK.code, new Profile(String.valueOf(found.user().userId()),
                        found.user().nickname(), found.user().avatar(), found.user().location(),
                        found.user().groupsIn(appId).stream().map(String::valueOf).collect(Collectors.joining(","))),
                        english ? Status.OK.en : Status.OK.zh)).build())
                .onFailure().recoverWithItem(failure -> response(status(failure), english));
    }

    private static Status status(Throwable failure) {
        if (!(failure instanceof AccessDenied denied)) {
            LOG.errorf(failure, "seed 004 profile failed");
            return Status.INTERNAL;
        }
        return switch (denied.reason()) {
            case UNKNOWN_APP -> Status.NO_APP;
            case EXPIRED_TOKEN, UNKNOWN_USER -> Status.EXPIRED;
            case UNAVAILABLE -> Status.INTERNAL;
            // invalid, foreign-app, scope-less, client or revoked tokens, another user's e-mail, the app's blacklist
            default -> Status.TOKEN_FAILED;
        };
    }

    /** A JSON null or an empty string counts as not given. */
    private static JsonNode present(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            return null;
        }
        return node;
    }

    private static boolean english(List<String> lang) {
        return lang != null && lang.size() == 1 && "en".equalsIgnoreCase(lang.get(0));
    }

    private static Uni<Response> done(Status status, boolean english) {
        return Uni.createFrom().item(response(status, english));
    }

    /** A request the framework refused (method, media type, malformed input) in the seed's {code, data, msg}. */
    public static Response requestError(int status, String msg) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Envelope(status, null, msg)).build();
    }

    private static Response response(Status status, boolean english) {
        return Response.status(status.code).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Envelope(status.code, null, english ? status.en : status.zh)).build();
    }
}
