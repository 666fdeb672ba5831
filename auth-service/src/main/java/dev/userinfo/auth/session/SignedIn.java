package dev.userinfo.auth.session;

import java.time.Instant;

/**
 * The user behind a request's session cookie. {@code csrfToken} is the synchronizer token every form of this
 * session must carry back.
 */
public record SignedIn(long userId, String login, String displayName, Instant authTime, String csrfToken) {

    /** What the pages call the user. */
    public String name() {
        return displayName == null || displayName.isBlank() ? login : displayName;
    }
}
