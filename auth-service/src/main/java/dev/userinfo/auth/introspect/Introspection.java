package dev.userinfo.auth.introspect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 7662 §2.2 introspection response. Inactive answers carry {@code active} only, so nothing about a token
 * the caller may not see leaks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Introspection(boolean active,
                            String scope,
                            @JsonProperty("client_id") String clientId,
                            String username,
                            @JsonProperty("token_type") String tokenType,
                            Long exp,
                            Long iat,
                            String sub,
                            String aud,
                            String iss,
                            String jti,
                            @JsonProperty("open_id") String openId,
                            String gid) {

    public static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null, null, null, null,
            null, null, null, null);
}
