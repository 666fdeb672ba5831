package dev.userinfo.auth.session;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A signed-in browser. Only the SHA-256 of the cookie's random id is stored. */
@Entity
@Table(name = "browser_session")
public class BrowserSession extends PanacheEntityBase {

    @Id
    @Column(name = "id_hash")
    public byte[] idHash;

    @Column(name = "user_id", nullable = false)
    public long userId;

    /** When the user entered the password (OIDC Core §2, auth_time). */
    @Column(name = "auth_time", nullable = false)
    public Instant authTime;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
