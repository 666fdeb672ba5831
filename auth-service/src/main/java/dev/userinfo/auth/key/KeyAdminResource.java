package dev.userinfo.auth.key;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.userinfo.contracts.admin.AdminOnly;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin view of the signing keys, and rotation. */
@Path("/admin/keys")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "admin")
public class KeyAdminResource {

    /** A key as the admin sees it: never the private part. */
    @RegisterForReflection
    public record KeyView(String kid, String algorithm, String status, Instant createdAt, Instant rotatedAt,
                          Instant retireAt) {
        static KeyView of(SigningKey key) {
            return new KeyView(key.kid, key.algorithm, key.status, key.createdAt, key.rotatedAt, key.retireAt);
        }
    }

    private final SigningKeyRing ring;

    public KeyAdminResource(SigningKeyRing ring) {
        this.ring = ring;
    }

    @GET
    @Operation(summary = "List signing keys, newest first")
    @APIResponse(responseCode = "200", description = "Every key with its status")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    public Uni<List<KeyView>> list() {
        return ring.list().map(keys -> keys.stream()
                .sorted(Comparator.comparing((SigningKey k) -> k.createdAt).reversed())
                .map(KeyView::of).toList());
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Rotate the signing key",
            description = "A new key signs from now on; the previous one stays published until its tokens expire.")
    @APIResponse(responseCode = "200", description = "The new active key")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin credential")
    public Uni<KeyView> rotate() {
        return ring.rotate().map(KeyView::of);
    }
}
