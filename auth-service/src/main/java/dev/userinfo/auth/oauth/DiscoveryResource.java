package dev.userinfo.auth.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.scope.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenID Provider metadata (OIDC Discovery 1.0 §3, RFC 8414 §2): endpoints and capabilities, all implemented. */
@Path("/.well-known/openid-configuration")
@Tag(name = "OpenID Connect")
public class DiscoveryResource {

    /** Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3.1). */
    static final List<String> CLIENT_AUTH = List.of("client_secret_basic", "client_secret_post");

    /** The metadata document. */
    @RegisterForReflection
    public record ProviderMetadata(
            String issuer,
            @JsonProperty("authorization_endpoint") String authorizationEndpoint,
            @JsonProperty("token_endpoint") String tokenEndpoint,
            @JsonProperty("jwks_uri") String jwksUri,
            @JsonProperty("userinfo_endpoint") String userinfoEndpoint,
            @JsonProperty("revocation_endpoint") String revocationEndpoint,
            @JsonProperty("introspection_endpoint") String introspectionEndpoint,
            @JsonProperty("scopes_supported") Set<String> scopesSupported,
            @JsonProperty("response_types_supported") List<String> responseTypesSupported,
            @JsonProperty("response_modes_supported") List<String> responseModesSupported,
            @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
            @JsonProperty("code_challenge_methods_supported") List<String> codeChallengeMethodsSupported,
            @JsonProperty("token_endpoint_auth_methods_supported") List<String> tokenEndpointAuthMethodsSupported,
            @JsonProperty("revocation_endpoint_auth_methods_supported") List<String> revocationEndpointAuthMethodsSupported,
            @JsonProperty("introspection_endpoint_auth_methods_supported") List<String> introspectionEndpointAuthMethodsSupported,
            @JsonProperty("subject_types_supported") List<String> subjectTypesSupported,
            @JsonProperty("id_token_signing_alg_values_supported") List<String> idTokenSigningAlgValuesSupported,
            @JsonProperty("access_token_signing_alg_values_supported") List<String> accessTokenSigningAlgValuesSupported,
            @JsonProperty("claims_supported") List<String> claimsSupported,
            @JsonProperty("authorization_response_iss_parameter_supported") boolean authorizationResponseIssParameterSupported) {
    }

    private final ProviderMetadata metadata;

    public DiscoveryResource(AuthConfig config) {
        String base = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1)
                : config.issuer();
        List<String> algorithms = List.of(config.signing().algorithm());
        this.metadata = new ProviderMetadata(
                config.issuer(),
                base + "/oauth2/authorize",
                base + "/oauth2/token",
                base + "/.well-known/jwks.json",
                config.discovery().userinfoEndpoint(),
                base + "/oauth2/revoke",
                base + "/oauth2/introspect",
                Scope.allValues(),
                List.of("code"),
                List.of("query"),
                List.of("authorization_code", "refresh_token", "client_credentials"),
                // RFC 9700 §2.1.1: plain is not offered.
                List.of("S256"),
                // "none": public clients identify themselves by client_id and must use PKCE.
                List.of("client_secret_basic", "client_secret_post", "none"),
                List.of("client_secret_basic", "client_secret_post", "none"),
                CLIENT_AUTH,
                // sub is the user id for every app; the per-app identifier is the open_id claim.
                List.of("public"),
                algorithms,
                algorithms,
                List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp", "jti", "open_id",
                        "client_id", "scope"),
                // RFC 9207: the authorization response carries iss.
                true);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenID Provider metadata")
    @APIResponse(responseCode = "200", description = "Issuer, endpoints and capabilities")
    public Response metadata() {
        return Response.ok(metadata).header("Cache-Control", "public, max-age=300").build();
    }
}
