package dev.userinfo.auth.dialect;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthResponses;
import dev.userinfo.auth.token.AccessTokenIssuer;
import dev.userinfo.auth.token.AuthorizationCodeRedemption;
import dev.userinfo.auth.token.UserTokens;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Seed 001 (VVChat), 第二步：通过code获取token. Only maps seed 001's parameters and envelope onto the shared
 * code redemption: a code is redeemable once through this door or the token endpoint.
 */
@Path("/userservices/v2/authorization/token")
@Tag(name = "Seed 001 (VVChat)")
public class VvchatTokenResource {

    private static final Logger LOG = Logger.getLogger(VvchatTokenResource.class);

    /** 正确的返回 of seed 001. */
    @RegisterForReflection
    public record TokenBody(@JsonProperty("open_id") String openId, String scope, String token) {
    }

    /** 错误返回 of seed 001: {"err_code":400,"err_msg":"无效的code"}. */
    @RegisterForReflection
    public record ErrorBody(@JsonProperty("err_code") int errCode, @JsonProperty("err_msg") String errMsg) {
    }

    /** The seed's own error, and ours for what it does not cover (README, seed 001 token step). */
    static final ErrorBody INVALID_CODE = new ErrorBody(400, "无效的code");
    static final ErrorBody INVALID_APP_ID = new ErrorBody(40001, "无效的app_id");
    static final ErrorBody INVALID_APP_KEY = new ErrorBody(40002, "无效的app_key");
    static final ErrorBody SERVER_ERROR = new ErrorBody(500, "系统繁忙，请稍后再试");

    private final AppRegistry apps;
    private final AuthorizationCodeRedemption codes;
    private final UserTokens userTokens;

    public VvchatTokenResource(AppRegistry apps, AuthorizationCodeRedemption codes, UserTokens userTokens) {
        this.apps = apps;
        this.codes = codes;
        this.userTokens = userTokens;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Seed 001: exchange a code for a token",
            description = "app_id is the app's numeric appid or its client_id, app_key its client secret, code the authorization code. "
                    + "The code is single-use across this endpoint and POST /oauth2/token.")
    @Parameter(name = "app_id", in = ParameterIn.QUERY, required = true, description = "应用唯一标识: the numeric appid (all digits) or the client_id")
    @Parameter(name = "app_key", in = ParameterIn.QUERY, required = true, description = "应用密钥 (client secret)")
    @Parameter(name = "code", in = ParameterIn.QUERY, required = true, description = "授权code")
    @APIResponse(responseCode = "200", description = "open_id, scope, token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenBody.class)))
    @APIResponse(responseCode = "400", description = "err_code 400 无效的code; 40001 无效的app_id; 40002 无效的app_key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "500", description = "err_code 500: an internal failure; nothing was spent",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Uni<Response> token(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String appId = single(query, "app_id");
        String appKey = single(query, "app_key");
        String code = single(query, "code");
        if (appId == null) {
            return Uni.createFrom().item(error(400, INVALID_APP_ID));
        }
        return apps.findByAppId(appId).chain(app -> {
            if (app == null || !app.enabled) {
                return Uni.createFrom().item(error(400, INVALID_APP_ID));
            }
            if (appKey == null || !app.confidential() || !ClientSecrets.matches(appKey, app.secretHash)) {
                return Uni.createFrom().item(error(400, INVALID_APP_KEY));
            }
            return redeem(app, code);
        }).onFailure().recoverWithItem(failure -> {
            LOG.errorf("Seed 001 token exchange failed: %s", failure.getClass().getName());
            return error(500, SERVER_ERROR);
        });
    }

    private Uni<Response> redeem(App app, String code) {
        if (code == null) {
            return Uni.createFrom().item(error(400, INVALID_CODE));
        }
        return codes.redeem(app, code, null, null, AuthorizationCodeRedemption.Door.SEED_001)
                .map(r -> {
                    AccessTokenIssuer.IssuedToken token = userTokens.accessToken(r.grant(), r.openId(), r.grant().scopeList());
                    return OAuthResponses.noStore(Response.ok(new TokenBody(r.openId(), token.scope(), token.value()))
                            .type(MediaType.APPLICATION_JSON_TYPE));
                })
                // Every refusal of the code is the seed's one error: bad, used, expired, another app's.
                .onFailure(OAuthError.class).recoverWithItem(failure -> error(400, INVALID_CODE));
    }

    /** The one value of a parameter; absent, empty or repeated counts as missing. */
    private static String single(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.size() != 1 || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static Response error(int status, ErrorBody body) {
        return OAuthResponses.noStore(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body));
    }
}
