package dev.userinfo.auth.token;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An authorization code (RFC 6749 §4.1.2), kept only as its SHA-256; single use (RFC 6749 §10.5). */
@Entity
@Table(name = "authorization_code")
public class AuthorizationCode extends PanacheEntityBase {

    @Id
    @Column(name = "code_hash")
    public byte[] codeHash;

    @Column(name = "grant_id", nullable = false)
    public UUID grantId;

    /** The redirect_uri of the authorization request; the token request must repeat it (RFC 6749 §4.1.3). */
    @Column(name = "redirect_uri", nullable = false, columnDefinition = "text")
    public String redirectUri;

    /** Whether the authorization request carried redirect_uri; only then must the token request (RFC 6749 §4.1.3). */
    @Column(name = "redirect_uri_given", nullable = false)
    public boolean redirectUriGiven = true;

    /** PKCE (RFC 7636 §4.2): BASE64URL(SHA256(code_verifier)); null when the confidential client sent none. */
    @Column(name = "code_challenge", columnDefinition = "text")
    public String codeChallenge;

    @Column(name = "code_challenge_method", columnDefinition = "text")
    public String codeChallengeMethod;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;
}
