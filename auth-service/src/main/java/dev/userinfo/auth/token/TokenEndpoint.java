package dev.userinfo.auth.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.oauth.ClientAuthenticator;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthForm;
import dev.userinfo.auth.oauth.OAuthRequestSizeLimit;
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

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2). It reads the raw body itself so that every malformed request —
 * wrong content type, oversized, repeated parameter — still gets an RFC 6749 §5.2 error, never a framework page.
 */
@Path("/oauth2/token")
@Tag(name = "OAuth 2.0")
public class TokenEndpoint {

        /** Successful token response (RFC 6749 §5.1). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record TokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn,
                                String scope,
                                @JsonProperty("refresh_token") String refreshToken,
                                @JsonProperty("id_token") String idToken) {
    }

    private final ClientAuthenticator clients;
    private final ClientCredentialsGrant clientCredentials;
    private final AuthorizationCodeRedemption codes;
    private final RefreshTokenGrant refreshTokens;
    private final UserTokens userTokens;
    private final AuthConfig config;

    public TokenEndpoint(ClientAuthenticator clients, ClientCredentialsGrant clientCredentials,
                         AuthorizationCodeRedemption codes, RefreshTokenGrant refreshTokens, UserTokens userTokens,
                         AuthConfig config) {
        this.clients = clients;
        this.clientCredentials = clientCredentials;
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.userTokens = userTokens;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an access token",
            description = "grant_type authorization_code (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5), refresh_token (RFC 6749 §6, "
                    + "rotated) or client_credentials (RFC 6749 §4.4). Confidential clients authenticate with client_secret_basic "
                    + "or client_secret_post; public clients send client_id only and must use PKCE.")
    @RequestBody(content = @Content(mediaType = OAuthForm.CONTENT_TYPE, schema = @Schema(implementation = TokenForm.class)))
    @APIResponse(responseCode = "200", description = "Token issued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type or invalid_scope",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "invalid_client, with WWW-Authenticate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    public Uni<Response> token(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               byte[] body) {
        // Every OAuthError below, thrown or failed, is answered by OAuthErrorMapper (RFC 6749 §5.2).
        OAuthForm request = OAuthForm.read(contentType, body, config.tokens().maxRequestBytes());
        String grantType = request.get("grant_type").orElse("");
        // RFC 6749 §4.1.3 and §6: public clients redeem codes and refresh tokens with their client_id alone.
        boolean userGrant = grantType.equals("authorization_code") || grantType.equals("refresh_token");
        Uni<dev.userinfo.auth.app.App> client = userGrant ? clients.authenticateAllowingPublic(request, authorization)
                : clients.authenticate(request, authorization);
        return client.chain(app -> switch (request.require("grant_type")) {
            case "client_credentials" -> {
                AccessTokenIssuer.IssuedToken token = clientCredentials.grant(app, request);
                yield Uni.createFrom().item(new TokenResponse(token.value(), "Bearer", token.expiresIn(), token.scope(), null, null));
            }
            case "authorization_code" -> codes.redeem(app, request.require("code"), request.get("redirect_uri").orElse(null),
                            request.get("code_verifier").orElse(null), AuthorizationCodeRedemption.Door.OAUTH, request.resources())
                    .map(r -> userTokens.response(r.grant(), r.openId(), r.grant().scopeList(), r.refreshToken(), r.nonce(),
                            r.audience()));
            case "refresh_token" -> refreshTokens.refresh(app, request.require("refresh_token"), request.get("scope").orElse(null),
                            request.resources())
                    .map(r -> userTokens.response(r.grant(), r.openId(), r.scopes(), r.refreshToken(), null, r.audience()));
            default -> throw OAuthError.unsupportedGrantType("grant_type " + OAuthForm.safeName(grantType) + " is not supported");
        }).map(answer -> OAuthResponses.noStore(Response.ok(answer)));
    }

    /** The form fields, for the OpenAPI document only. */
    @Schema(name = "TokenForm")
    @RegisterForReflection
    public static class TokenForm {
        @Schema(required = true, enumeration = {"authorization_code", "refresh_token", "client_credentials"})
        @JsonProperty("grant_type")
        public String grantType;
        @Schema(description = "authorization_code: the code from the authorization response")
        public String code;
        @Schema(description = "authorization_code: the redirect_uri of the authorization request, exactly")
        @JsonProperty("redirect_uri")
        public String redirectUri;
        @Schema(description = "authorization_code: the PKCE verifier (RFC 7636 §4.5)")
        @JsonProperty("code_verifier")
        public String codeVerifier;
        @Schema(description = "refresh_token: the refresh token")
        @JsonProperty("refresh_token")
        public String refreshToken;
        @Schema(description = "Space-separated scopes; client_credentials: defaults to every scope the app may use, "
                + "service:quota_write only by name and only for a listed first-party service; "
                + "refresh_token: may narrow the granted scopes")
        public String scope;
        @Schema(description = "client_secret_post only")
        @JsonProperty("client_id")
        public String clientId;
        @Schema(description = "client_secret_post only")
        @JsonProperty("client_secret")
        public String clientSecret;
    }
}
