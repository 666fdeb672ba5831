package dev.userinfo.jwt;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.resteasy.reactive.server.EndpointDisabled;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Diagnostic: who the presented access token says the caller is. Every service that verifies tokens has it,
 * so an operator can check trust between services with one request. Off with {@code platform.jwt.whoami.enabled=false}.
 */
@Path("/whoami")
@Authenticated
@Tag(name = "Diagnostics")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "bearer")
@EndpointDisabled(name = "platform.jwt.whoami.enabled", stringValue = "false")
public class WhoAmIResource {

    /** The verified caller. */
    @RegisterForReflection
    public record WhoAmI(String subject,
                         @JsonProperty("client_id") String clientId,
                         List<String> scopes,
                         @JsonProperty("token_id") String tokenId,
                         @JsonProperty("issued_at") Instant issuedAt,
                         @JsonProperty("expires_at") Instant expiresAt) {
    }

    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller as the access token proves it")
    @APIResponse(responseCode = "200", description = "Subject, app, scopes and token lifetime")
    @APIResponse(responseCode = "401", description = "No token, or a token that is invalid or expired (RFC 6750 §3)")
    public WhoAmI whoami() {
        VerifiedCaller caller = VerifiedCaller.of(identity);
        return new WhoAmI(caller.subject(), caller.clientId(), caller.scopes().stream().sorted().toList(),
                caller.tokenId(), caller.issuedAt(), caller.expiresAt());
    }
}
