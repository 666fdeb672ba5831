package dev.userinfo.auth.app;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A registered app: an OAuth client (RFC 6749 §2). */
@Entity
@Table(name = "app")
public class App extends PanacheEntityBase {

    public static final String CONFIDENTIAL = "confidential";
    public static final String PUBLIC = "public";

    /** Numeric id: seed 004's {@code appid}. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long appid;

    /** Seed 001's {@code app_id}; the OAuth {@code client_id}. */
    @Column(name = "client_id", nullable = false, unique = true, columnDefinition = "text")
    public String clientId;

    @Column(nullable = false, columnDefinition = "text")
    public String name;

    @Column(name = "client_type", nullable = false, columnDefinition = "text")
    public String clientType;

    /** SHA-256 of the secret, or null for a public client. */
    @Column(name = "secret_hash")
    public byte[] secretHash;

    // "_text" is PostgreSQL's name for text[], what Flyway created and dev mode's validator reads.
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "redirect_uris", nullable = false, columnDefinition = "_text")
    public String[] redirectUris;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_scopes", nullable = false, columnDefinition = "_text")
    public String[] allowedScopes;

    @Column(nullable = false)
    public boolean enabled = true;

    /** Operator-set: seed 000 may prompt users who never authorized this app (auth-service README, "Authorization prompts"). */
    @Column(name = "prompt_first_party", nullable = false)
    public boolean promptFirstParty;

    /** Shown on the consent page. */
    @Column(columnDefinition = "text")
    public String description;

    /** HTTPS URL of the app's logo, shown on the consent page. */
    @Column(name = "logo_url", columnDefinition = "text")
    public String logoUrl;

    /** Increases with every change of the app: userinfo-service applies only a newer one (docs/internal-contracts.md §5). */
    @Column(nullable = false)
    public long version = 1;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The user who registered it in the developer console (issue #18); null for an operator's app or a deleted owner. */
    @Column(name = "owner_user_id")
    public Long ownerUserId;

    /** Privileged scopes asked for and not yet approved by an operator: never granted (not in allowedScopes). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "requested_scopes", nullable = false, columnDefinition = "_text")
    public String[] requestedScopes = new String[0];

    public boolean confidential() {
        return CONFIDENTIAL.equals(clientType);
    }

    public List<String> scopes() {
        return Arrays.asList(allowedScopes);
    }

    public static Uni<App> byClientId(String clientId) {
        return find("clientId", clientId).firstResult();
    }
}
