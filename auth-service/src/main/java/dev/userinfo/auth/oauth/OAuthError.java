package dev.userinfo.auth.oauth;

/**
 * An error of the token endpoint as RFC 6749 §5.2 defines it. The description is for developers and never
 * echoes a secret the caller sent.
 */
public final class OAuthError extends RuntimeException {

    private final String error;
    private final int status;
    private final String challenge;

    private OAuthError(String error, String description, int status, String challenge) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.challenge = challenge;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400, null);
    }

    /** 401 with a challenge naming the scheme the client used or should use (RFC 6749 §5.2). */
    public static OAuthError invalidClient(String description, String scheme) {
        return new OAuthError("invalid_client", description, 401, scheme + " realm=\"oauth2\"");
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description, 400, null);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400, null);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400, null);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400, null);
    }

    /** RFC 8707 §2: a resource that is unknown, not an absolute URI, or wider than what was authorized. */
    public static OAuthError invalidTarget(String description) {
        return new OAuthError("invalid_target", description, 400, null);
    }

    public String error() {
        return error;
    }

    public int status() {
        return status;
    }

    /** {@code WWW-Authenticate} value, or null. */
    public String challenge() {
        return challenge;
    }
}
