package dev.userinfo.auth.discovery;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.scope.Scope;
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

/**
 * OpenID Provider metadata (OIDC Discovery 1.0 §3, RFC 8414 §2). It lists only what this server implements;
 * the authorization endpoint, id_token and revocation join it as they are built.
 */
@Path("/.well-known/openid-configuration")
@Tag(name = "OpenID Connect")
public class DiscoveryResource {

    /** The metadata document. */
    @RegisterForReflection
    public record ProviderMetadata(
            String issuer,
            @JsonProperty("jwks_uri") String jwksUri,
            @JsonProperty("token_endpoint") String tokenEndpoint,
            @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
            @JsonProperty("token_endpoint_auth_methods_supported") List<String> tokenEndpointAuthMethodsSupported,
            @JsonProperty("scopes_supported") Set<String> scopesSupported,
            @JsonProperty("response_types_supported") List<String> responseTypesSupported,
            @JsonProperty("access_token_signing_alg_values_supported") List<String> accessTokenSigningAlgValuesSupported) {
    }

    private final ProviderMetadata metadata;

    public DiscoveryResource(AuthConfig config) {
        String issuer = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1)
                : config.issuer();
        this.metadata = new ProviderMetadata(
                config.issuer(),
                issuer + "/.well-known/jwks.json",
                issuer + "/oauth2/token",
                List.of("client_credentials"),
                List.of("client_secret_basic", "client_secret_post"),
                Scope.allValues(),
                List.of(),
                List.of(config.signing().algorithm()));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenID Provider metadata")
    @APIResponse(responseCode = "200", description = "Issuer, endpoints and capabilities")
    public Response metadata() {
        return Response.ok(metadata).header("Cache-Control", "public, max-age=300").build();
    }
}
