package dev.userinfo.auth.key;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public signing keys (RFC 7517 §5), as advertised by discovery's {@code jwks_uri}. */
@Path("/.well-known/jwks.json")
@Tag(name = "OpenID Connect")
public class JwksResource {

    /** {@code Cache-Control} max-age of the JWKS; the default publish delay covers it (KeyLifecycle). */
    static final java.time.Duration MAX_AGE = java.time.Duration.ofSeconds(60);

    private final SigningKeyRing ring;

    public JwksResource(SigningKeyRing ring) {
        this.ring = ring;
    }

    @GET
    @Produces({"application/jwk-set+json", "application/json"})
    @Operation(summary = "Public keys that verify access and ID tokens")
    @APIResponse(responseCode = "200", description = "JSON Web Key Set with every published key")
    public Response jwks() {
        // Short cache: verifiers also refetch on an unknown kid, so a rotation is never blocked by this.
        return Response.ok(ring.jwksJson()).header("Cache-Control", "public, max-age=" + MAX_AGE.toSeconds()).build();
    }
}
