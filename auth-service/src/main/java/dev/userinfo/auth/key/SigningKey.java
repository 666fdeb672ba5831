package dev.userinfo.auth.key;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A token signing key. {@code active}: signs new tokens (one at a time); {@code previous}: still published so
 * tokens it signed verify until {@code retireAt}; {@code retired}: unpublished, private part erased.
 */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String PREVIOUS = "previous";
    public static final String RETIRED = "retired";

    @Id
    @Column(columnDefinition = "text")
    public String kid;

    @Column(nullable = false, columnDefinition = "text")
    public String algorithm;

    @Column(name = "public_jwk", nullable = false, columnDefinition = "text")
    public String publicJwk;

    @Column(name = "private_key")
    public byte[] privateKey;

    @Column(nullable = false, columnDefinition = "text")
    public String status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "retire_at")
    public Instant retireAt;

    /** Keys still published: the active one and previous ones not yet past their retirement time. */
    public static Uni<List<SigningKey>> published(Instant now) {
        return list("status = ?1 or (status = ?2 and retireAt > ?3) order by createdAt desc", ACTIVE, PREVIOUS, now);
    }

    public static Uni<SigningKey> active() {
        return find("status", ACTIVE).firstResult();
    }
}
