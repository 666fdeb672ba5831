package dev.userinfo.auth.revocation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.oauth.ClientAuthenticator;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthForm;
import dev.userinfo.auth.oauth.OAuthResponses;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OAuth 2.0 Token Revocation (RFC 7009 §2). */
@Path("/oauth2/revoke")
@Tag(name = "OAuth 2.0")
public class TokenRevocationEndpoint {

    private final ClientAuthenticator clients;
    private final TokenRevocation revocation;
    private final AuthConfig config;

    public TokenRevocationEndpoint(ClientAuthenticator clients, TokenRevocation revocation, AuthConfig config) {
        this.clients = clients;
        this.revocation = revocation;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a token (RFC 7009)",
            description = "An access token is revoked by its jti; a refresh token revokes its whole grant (every access and "
                    + "refresh token of that authorization, RFC 7009 §2.1). Confidential clients authenticate; public clients "
                    + "send client_id. Unknown tokens and other clients' tokens are answered 200 and left alone (RFC 7009 §2.2).")
    @RequestBody(content = @Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(implementation = RevocationForm.class)))
    @APIResponse(responseCode = "200", description = "Revoked, or nothing to revoke; empty body")
    @APIResponse(responseCode = "400", description = "invalid_request: no token, repeated parameter, wrong content type, too large",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "invalid_client, with WWW-Authenticate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    public Uni<Response> revoke(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                byte[] body) {
        // An OAuthError, thrown or failed, is answered by OAuthErrorMapper (RFC 6749 §5.2).
        OAuthForm request = OAuthForm.read(contentType, body, config.tokens().maxRequestBytes());
        return clients.authenticateAllowingPublic(request, authorization)
                .chain(caller -> revocation.revoke(caller, request.require("token"),
                        request.get("token_type_hint").orElse(null)))
                .map(ignored -> OAuthResponses.noStore(Response.ok()));
    }

    /** The form fields, for the OpenAPI document only. */
    @Schema(name = "RevocationForm")
    @RegisterForReflection
    public static class RevocationForm {
        @Schema(required = true)
        public String token;
        @Schema(description = "access_token or refresh_token; a hint only (RFC 7009 §2.1)")
        @JsonProperty("token_type_hint")
        public String tokenTypeHint;
    }
}
