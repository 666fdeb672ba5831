package dev.userinfo.auth.token;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One authorization of an app by a user: the code, the tokens redeemed from it and the refresh tokens rotated
 * from those share it, and access tokens carry its id as {@code gid}, so revoking it revokes the whole family.
 */
@Entity
@Table(name = "authorization_grant")
public class AuthorizationGrant extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Column(nullable = false)
    public long appid;

    @Column(name = "client_id", nullable = false, columnDefinition = "text")
    public String clientId;

    // "_text" is PostgreSQL's name for text[], what Flyway created and dev mode's validator reads.
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "_text")
    public String[] scopes;

    /**
     * RFC 8707 resources named by the authorization request: the widest {@code aud} of this family's access tokens;
     * null = every resource server.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "_text")
    public String[] resources;

    /** OIDC Core §3.1.2.1 nonce, echoed in the ID token. */
    @Column(columnDefinition = "text")
    public String nonce;

    /** When the user last authenticated (OIDC Core §2, auth_time). */
    @Column(name = "auth_time", nullable = false)
    public Instant authTime;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason", columnDefinition = "text")
    public String revokedReason;

    public List<String> scopeList() {
        return Arrays.asList(scopes);
    }

    /** The authorized resources; empty = every resource server. */
    public List<String> resourceList() {
        return resources == null ? List.of() : Arrays.asList(resources);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
