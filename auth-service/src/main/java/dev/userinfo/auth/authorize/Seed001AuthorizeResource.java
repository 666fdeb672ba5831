package dev.userinfo.auth.authorize;

import dev.userinfo.auth.session.FormBody;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Seed 001 第一步 (请求CODE): the authorization flow entered with {@code app_id}, {@code scope}, {@code state}. This
 * class only maps the outcome to the seed's 返回说明: {@code err_code} (0 = 用户同意), {@code code}, {@code state}.
 */
@Path("/userservices/v2/authorization/authorize")
@Tag(name = "Seed 001 (VVChat)")
public class Seed001AuthorizeResource {

    /** err_code and err_msg per authorization error; the README's table. 0 is success (seed 001, 返回说明). */
    static final Map<String, Object[]> ERRORS = Map.of(
            "access_denied", new Object[] {-4, "用户拒绝授权"},
            "invalid_scope", new Object[] {-3, "无效的scope"},
            "login_required", new Object[] {-6, "用户未登录"},
            "consent_required", new Object[] {-7, "用户未授权"},
            "server_error", new Object[] {-9, "系统繁忙，请稍后再试"});
    static final Object[] INVALID_REQUEST = {-1, "无效的请求"};

    private final AuthorizationPages pages;

    public Seed001AuthorizeResource(AuthorizationPages pages) {
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Seed 001: request a code",
            description = "app_id (the client_id), scope (snsapi_userinfo or snsapi_base), state; redirect_uri optional "
                    + "when the app registered one. Optional code_challenge/code_challenge_method=S256 as on /oauth2/authorize.")
    @Parameter(name = "app_id", required = true)
    @Parameter(name = "scope", required = true)
    @Parameter(name = "state")
    @Parameter(name = "redirect_uri")
    @APIResponse(responseCode = "200", description = "The consent page")
    @APIResponse(responseCode = "303", description = "To the login page; or to the redirect URI with err_code=0, code, "
            + "state (and iss), or with err_code < 0, err_msg, state (and iss)")
    @APIResponse(responseCode = "400", description = "Unknown app_id or unregistered redirect_uri: an error page, never a redirect")
    public Uni<Response> authorize(@Context UriInfo uri, @Context HttpHeaders headers) {
        return pages.authorize(Dialect.SEED001, () -> FormBody.parseQuery(uri.getRequestUri().getRawQuery()), headers);
    }

    static Map<String, String> success(String code, String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("err_code", "0");
        params.put("code", code);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        return params;
    }

    static Map<String, String> error(String error, String state, String issuer) {
        Object[] mapped = ERRORS.getOrDefault(error, INVALID_REQUEST);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("err_code", mapped[0].toString());
        params.put("err_msg", (String) mapped[1]);
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        return params;
    }
}
