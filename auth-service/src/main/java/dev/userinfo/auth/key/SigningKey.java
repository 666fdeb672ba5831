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
 * A token signing key. {@code next}: published, signs from {@code signsFrom} (issue #16 item 7); {@code active}: signs
 * new tokens (one at a time); {@code previous}: stopped signing at {@code rotatedAt}, still published so tokens it
 * signed verify until {@code retireAt}; {@code retired}: unpublished, private part erased. Pods act on the times
 * ({@link KeyLifecycle}); the stored status follows them on the next refresh.
 */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    public static final String NEXT = "next";
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

    /** From when it signs: published from {@code createdAt}, signing from here on (V12). */
    @Column(name = "signs_from", nullable = false)
    public Instant signsFrom;

    /** When it stopped (or stops) signing: its successor's {@code signsFrom}. */
    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "retire_at")
    public Instant retireAt;

    /** Keys still published: every key not retired and not yet past its retirement time, newest first. */
    public static Uni<List<SigningKey>> published(Instant now) {
        return list("status <> ?1 and (retireAt is null or retireAt > ?2) order by signsFrom desc", RETIRED, now);
    }
}
