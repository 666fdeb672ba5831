package dev.userinfo.info.profile;

/** Why a dialect request is not answered with data; each dialect maps the reason to its seed's error row. */
public final class AccessDenied extends RuntimeException {

    public enum Reason {
        /** No token was presented. */
        NO_TOKEN,
        /** The token is not one auth-service issued, was tampered with, or is revoked. */
        INVALID_TOKEN,
        /** The token was valid once and has expired. */
        EXPIRED_TOKEN,
        /** The token could not be checked right now (auth-service's keys unreachable). */
        UNAVAILABLE,
        /** The token was issued to another app than the one the request names. */
        WRONG_APP,
        /** The token lacks the scope this data needs. */
        MISSING_SCOPE,
        /** A client_credentials token: no user is behind it. */
        NOT_A_USER,
        /** This service has never heard of the user, or the user is disabled or deleted. */
        UNKNOWN_USER,
        /** The request asks for another user than the token's, and the app may not read the directory. */
        OTHER_USER,
        /** The app named by the request is not registered here. */
        UNKNOWN_APP,
        /** The user is on the app's blacklist (seed 004, group 1). */
        BLACKLISTED,
        /** The e-mail address in the request is not the token's user's (seed 004). */
        EMAIL_MISMATCH
    }

    private final Reason reason;

    public AccessDenied(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
