package dev.userinfo.auth.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A user as the admin API shows it: never the password or its hash. */
@RegisterForReflection
public record UserView(long id,
                       String login,
                       @JsonProperty("display_name") String displayName,
                       String email,
                       String phone,
                       String status,
                       long version,
                       @JsonProperty("created_at") Instant createdAt,
                       @JsonProperty("updated_at") Instant updatedAt,
                       @JsonProperty("last_login_at") Instant lastLoginAt,
                       @JsonProperty("platform_role") String platformRole) {

    public static UserView of(User user) {
        return new UserView(user.id, user.login, user.displayName, user.email, user.phone, user.status, user.version,
                user.createdAt, user.updatedAt, user.lastLoginAt, user.platformRole);
    }
}
