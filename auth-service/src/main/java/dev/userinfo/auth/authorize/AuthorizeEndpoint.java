package dev.userinfo.auth.authorize;

import dev.userinfo.auth.page.FormBody;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * The authorization endpoint (RFC 6749 §3.1, §4.1.1; RFC 7636; RFC 9207; OIDC Core §3.1.2), and the consent form's
 * answer. Reads the raw query so that repeated parameters are seen (RFC 6749 §3.1).
 */
@Path("/oauth2/authorize")
@Tag(name = "OAuth 2.0")
public class AuthorizeEndpoint {

    private final AuthorizationPages pages;

    public AuthorizeEndpoint(AuthorizationPages pages) {
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorization request",
            description = "response_type=code, client_id, redirect_uri (exactly as registered; optional when the app "
                    + "registered one), scope, state, nonce, code_challenge with code_challenge_method=S256 (required "
                    + "for public clients), prompt (none, login, consent), max_age.")
    @Parameter(name = "response_type", description = "code")
    @Parameter(name = "client_id", required = true)
    @Parameter(name = "redirect_uri")
    @Parameter(name = "scope", required = true, description = "space separated")
    @Parameter(name = "state")
    @Parameter(name = "nonce")
    @Parameter(name = "code_challenge")
    @Parameter(name = "code_challenge_method", description = "S256")
    @Parameter(name = "prompt")
    @Parameter(name = "max_age")
    @APIResponse(responseCode = "200", description = "The consent page")
    @APIResponse(responseCode = "303", description = "To the login page; or to the redirect URI with code, state and iss, "
            + "or with error, error_description, state and iss")
    @APIResponse(responseCode = "400", description = "Unknown or disabled client, or redirect URI not registered: "
            + "an error page, never a redirect")
    public Uni<Response> get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return pages.authorize(Dialect.OAUTH2, () -> FormBody.parseQuery(uri.getRequestUri().getRawQuery()), headers);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorization request by form post", description = "OIDC Core §3.1.2.1: the same parameters, form-encoded.")
    @APIResponse(responseCode = "200", description = "The consent page")
    @APIResponse(responseCode = "303", description = "To the login page or to the redirect URI")
    @APIResponse(responseCode = "400", description = "Unknown client, unregistered redirect URI or malformed form: an error page")
    public Uni<Response> post(@Context HttpHeaders headers, byte[] body) {
        return pages.authorize(Dialect.OAUTH2, () -> FormBody.parse(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body), headers);
    }

    @POST
    @Path("decision")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The consent form's answer", description = "Form fields csrf, request, dialect, decision (allow or deny).")
    @APIResponse(responseCode = "303", description = "To the redirect URI with a code, or with error=access_denied")
    @APIResponse(responseCode = "400", description = "Incomplete form, or the request is no longer valid")
    @APIResponse(responseCode = "401", description = "Not signed in any more")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing is issued")
    public Uni<Response> decision(@Context HttpHeaders headers, byte[] body) {
        FormBody form;
        try {
            form = FormBody.parse(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body);
        } catch (FormBody.BadForm e) {
            return Uni.createFrom().item(dev.userinfo.auth.page.Pages.error(dev.userinfo.auth.page.Pages.Problem.BAD_REQUEST,
                    dev.userinfo.auth.page.Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)), e.getMessage()));
        }
        return pages.decide(form, headers);
    }
}
