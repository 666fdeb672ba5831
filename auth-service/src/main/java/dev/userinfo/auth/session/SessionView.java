package dev.userinfo.auth.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A browser session as the admin API shows it (issue #18): when it began and ends, never the cookie value or its
 * hash, so nothing shown can be replayed as the session. No user agent or address is stored, so none is shown.
 */
@RegisterForReflection
public record SessionView(@JsonProperty("created_at") Instant createdAt,
                          @JsonProperty("signed_in_at") Instant signedInAt,
                          @JsonProperty("expires_at") Instant expiresAt) {

    static SessionView of(BrowserSession row) {
        return new SessionView(row.createdAt, row.authTime, row.expiresAt);
    }
}
