package dev.userinfo.auth.authorize;

/**
 * An authorization error sent back to the app's redirect URI (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). Only raised
 * once the client and the redirect URI are verified; before that it is {@link RequestRefused}.
 */
public final class AuthorizationError extends RuntimeException {

    private final String error;
    private final transient Target target;

    public AuthorizationError(String error, String description, Target target) {
        super(description, null, false, false);
        this.error = error;
        this.target = target;
    }

    public String error() {
        return error;
    }

    public Target target() {
        return target;
    }
}
