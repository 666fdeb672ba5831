package dev.userinfo.auth.pat;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A named token a user made for scripts (seed 003's 系统访问令牌, seed 004's user_token). Opaque, {@code pat_}
 * prefixed, stored only as its SHA-256 and shown once (docs/internal-contracts.md §1).
 */
@Entity
@Table(name = "personal_access_token")
public class PersonalAccessToken extends PanacheEntityBase {

    public static final String PREFIX = "pat_";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Column(nullable = false, columnDefinition = "text")
    public String name;

    @Column(name = "token_hash", nullable = false, unique = true)
    public byte[] tokenHash;

    // "_text" is PostgreSQL's name for text[], what Flyway created and dev mode's validator reads.
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "_text")
    public String[] scopes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
