package dev.userinfo.auth.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The scopes a user has granted an app; an authorization request within them skips the consent page. */
@Entity
@Table(name = "consent")
public class Consent extends PanacheEntityBase {

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "user_id")
        public long userId;
        @Column(name = "appid")
        public long appid;

        public Key() {
        }

        public Key(long userId, long appid) {
            this.userId = userId;
            this.appid = appid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.userId == userId && k.appid == appid;
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, appid);
        }
    }

    @EmbeddedId
    public Key id;

    // "_text" is PostgreSQL's name for text[], what Flyway created and dev mode's validator reads.
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "_text")
    public String[] scopes;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
