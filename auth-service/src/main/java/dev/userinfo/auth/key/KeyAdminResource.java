package dev.userinfo.auth.key;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.userinfo.auth.admin.AdminActor;
import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.auth.audit.AuditTrail;
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

/** Admin view of the signing keys, and rotation; each rotation is recorded in the audit trail (never a private part). */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
// The two credentials of every admin operation of this service (issue #18), declared once here.
@SecurityScheme(securitySchemeName = AdminApi.STATIC_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The static operator token auth.admin.token (automation, bootstrap); audit actor admin-token")
@SecurityScheme(securitySchemeName = AdminApi.OPERATOR_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An operator's own token: an access token of this server (JWT, typ at+jwt, aud containing the issuer, "
                + "a user's, e.g. the console's platform-console token) or a personal access token, carrying admin:read "
                + "(GET) or admin:write (other methods) and held by a user whose platform role allows it now; audit actor "
                + "operator:<user id>")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class KeyAdminResource {

    /**
     * A key as the admin sees it, never the private part: its state now (next, active, previous, retired), published
     * since {@code createdAt}, signing from {@code signsFrom} until {@code rotatedAt}, published until {@code retireAt}.
     */
    @RegisterForReflection
    public record KeyView(String kid, String algorithm, String status, Instant createdAt, Instant signsFrom,
                          Instant rotatedAt, Instant retireAt) {
        static KeyView of(SigningKey key) {
            return new KeyView(key.kid, key.algorithm, KeyLifecycle.stateAt(key, Instant.now()), key.createdAt,
                    key.signsFrom, key.rotatedAt, key.retireAt);
        }
    }

    private final SigningKeyRing ring;
    private final AuditTrail audit;
    private final AdminActor actor;

    public KeyAdminResource(SigningKeyRing ring, AuditTrail audit, AdminActor actor) {
        this.ring = ring;
        this.audit = audit;
        this.actor = actor;
    }

    /** The audit record of a rotation, written in the rotation's transaction: it exists exactly when the new key does. */
    private java.util.function.Function<SigningKey, Uni<Void>> recorded(String action) {
        String who = actor.name();
        return key -> audit.record(who, action, "key:" + key.kid, null, KeyView.of(key));
    }

    @GET
    @Operation(summary = "List signing keys, newest first")
    @APIResponse(responseCode = "200", description = "Every key with its status")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    public Uni<List<KeyView>> list() {
        return ring.list().map(keys -> keys.stream()
                .sorted(Comparator.comparing((SigningKey k) -> k.createdAt).reversed())
                .map(KeyView::of).toList());
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Rotate the signing key",
            description = "Publishes a new key (status next) that signs from signsFrom, one publish delay "
                    + "(auth.signing.publish-delay) from now, so every pod and every verifier has it before any token "
                    + "carries it; the current key signs until then and stays published until its tokens expire. "
                    + "While a rotation is under way this answers its key again and creates nothing.")
    @APIResponse(responseCode = "200", description = "The next key, with the instant it starts signing (signsFrom)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    public Uni<KeyView> rotate() {
        return ring.rotate(recorded("key.rotate")).map(KeyView::of);
    }

    @POST
    @Path("/rotate-now")
    @Operation(summary = "Emergency rotation, for a compromised key",
            description = "A new key signs at once and every other key is withdrawn at once (unpublished, private part "
                    + "erased). Every token signed before is refused as soon as a verifier drops the old key; until "
                    + "every pod has refreshed (auth.signing.refresh-interval) other pods still sign with the withdrawn "
                    + "key, and a resource service that fetches the JWKS from such a pod refuses tokens of the new key.")
    @APIResponse(responseCode = "200", description = "The new active key")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    public Uni<KeyView> rotateNow() {
        return ring.rotateNow(recorded("key.rotate-now")).map(KeyView::of);
    }
}
