package dev.userinfo.auth.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user as the admin API and the JSON Lines import receive it. On update, absent (null) fields stay as they
 * are; {@code password} is write-only and never echoed. {@code password_hash} (an argon2id PHC string) is taken only
 * by the import, instead of {@code password} (issue #19); stored as given, never echoed or logged.
 */
@RegisterForReflection
public record UserInput(String login,
                        String password,
                        @JsonProperty("display_name") String displayName,
                        String email,
                        String phone,
                        String status,
                        @JsonProperty("password_hash") String passwordHash) {
}
