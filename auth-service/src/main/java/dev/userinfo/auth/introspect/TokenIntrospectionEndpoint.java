package dev.userinfo.auth.introspect;

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

/** OAuth 2.0 Token Introspection (RFC 7662): client-authenticated, {@code {"active":false}} for anything not valid. */
@Path("/oauth2/introspect")
@Tag(name = "OAuth 2.0")
public class TokenIntrospectionEndpoint {

    private final ClientAuthenticator clients;
    private final TokenIntrospector introspector;
    private final AuthConfig config;

    public TokenIntrospectionEndpoint(ClientAuthenticator clients, TokenIntrospector introspector, AuthConfig config) {
        this.clients = clients;
        this.introspector = introspector;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Introspect a token (RFC 7662)",
            description = "Access tokens, refresh tokens and personal access tokens (pat_…). A confidential client "
                    + "authenticated with client_secret_basic or client_secret_post sees its own tokens; the resource "
                    + "services listed in auth.revocation.feed-clients see every access token and personal access token.")
    @RequestBody(content = @Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(implementation = IntrospectionForm.class)))
    @APIResponse(responseCode = "200", description = "The token's state; {\"active\":false} when not valid",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Introspection.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: no token, repeated parameter, wrong content type, too large",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "invalid_client, with WWW-Authenticate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    public Uni<Response> introspect(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    byte[] body) {
        // An OAuthError, thrown or failed, is answered by OAuthErrorMapper (RFC 6749 §5.2).
        OAuthForm request = OAuthForm.read(contentType, body, config.tokens().maxRequestBytes());
        return clients.authenticate(request, authorization)
                .chain(caller -> introspector.introspect(caller, request.require("token")))
                .map(answer -> OAuthResponses.noStore(Response.ok(answer).type(MediaType.APPLICATION_JSON_TYPE)));
    }

    /** The form fields, for the OpenAPI document only. */
    @Schema(name = "IntrospectionForm")
    @RegisterForReflection
    public static class IntrospectionForm {
        @Schema(required = true)
        public String token;
        @Schema(description = "access_token or refresh_token; a hint only")
        @JsonProperty("token_type_hint")
        public String tokenTypeHint;
    }
}
