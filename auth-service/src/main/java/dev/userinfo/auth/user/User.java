package dev.userinfo.auth.user;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who signs in here and authorizes apps. Only auth-service holds credentials. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The login name; unique ignoring case. */
    @Column(nullable = false, columnDefinition = "text")
    public String login;

    @Column(name = "display_name", columnDefinition = "text")
    public String displayName;

    @Column(columnDefinition = "text")
    public String email;

    @Column(columnDefinition = "text")
    public String phone;

    /** PHC-formatted argon2id hash; never leaves this service. */
    @Column(name = "password_hash", nullable = false, columnDefinition = "text")
    public String passwordHash;

    @Column(nullable = false, columnDefinition = "text")
    public String status = ACTIVE;

    /** Bumped with every change; the user_event version of docs/internal-contracts.md §3. */
    @Column(nullable = false)
    public long version = 1;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(name = "last_login_ip", columnDefinition = "text")
    public String lastLoginIp;

    /** {@link PlatformRole#value()} or null: which admin scopes this user may hold (issue #18). */
    @Column(name = "platform_role", columnDefinition = "text")
    public String platformRole;

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** The admin scopes this user may hold now: none unless active with a platform role (re-checked at every use). */
    public java.util.Set<String> adminScopes() {
        return active() ? PlatformRole.adminScopesOf(platformRole) : java.util.Set.of();
    }

    public static Uni<User> byLogin(String login) {
        return find("lower(login) = lower(?1)", login).firstResult();
    }
}
