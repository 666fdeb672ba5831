package dev.userinfo.jwt;

/** An access token that must not be honoured. The message is safe to log: it never contains the token. */
public final class InvalidTokenException extends RuntimeException {

    /** Why the token was refused; dialects that distinguish "expired" from "invalid" (seed 004) read this. */
    public enum Reason {
        MALFORMED, UNSUPPORTED_ALGORITHM, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID,
        WRONG_ISSUER, WRONG_AUDIENCE, MISSING_CLAIM, JWKS_UNAVAILABLE,
        /** Signed by auth-service but not an access token: no {@code typ at+jwt}, e.g. an ID token (RFC 9068 §4). */
        NOT_AN_ACCESS_TOKEN,
        /** Revoked at auth-service (token, grant, user, consent or personal token), learnt from the revocation feed. */
        REVOKED,
        /** A personal access token could not be checked: auth-service's introspection did not answer. */
        AUTH_SERVICE_UNAVAILABLE
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean expired() {
        return reason == Reason.EXPIRED;
    }
}
