package dev.userinfo.auth.dialect;

import dev.userinfo.auth.authorize.AuthorizationPages;
import dev.userinfo.auth.authorize.Dialect;
import dev.userinfo.auth.page.FormBody;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Seed 001 第一步 (请求CODE): the authorization flow entered with {@code app_id}, {@code scope}, {@code state}. The seed's
 * 返回说明 ({@code err_code}, 0 = 用户同意; {@code code}; {@code state}) is written by {@link Dialect#SEED001}, the
 * flow's own door table; this class is only the entry.
 */
@Path("/userservices/v2/authorization/authorize")
@Tag(name = "Seed 001 (VVChat)")
public class VvchatAuthorizeResource {

    private final AuthorizationPages pages;

    public VvchatAuthorizeResource(AuthorizationPages pages) {
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Seed 001: request a code",
            description = "app_id (the numeric appid, all digits, or the client_id), scope (snsapi_userinfo or snsapi_base), state; redirect_uri optional "
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
}
