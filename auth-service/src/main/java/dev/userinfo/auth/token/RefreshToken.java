package dev.userinfo.auth.token;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A refresh token (RFC 6749 §6), kept only as its SHA-256; rotated on every use (RFC 9700 §4.14.2). */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public byte[] tokenHash;

    @Column(name = "grant_id", nullable = false)
    public UUID grantId;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** Set when this token was exchanged; presenting it again is a replay. */
    @Column(name = "rotated_at")
    public Instant rotatedAt;
}
