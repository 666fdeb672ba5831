package dev.userinfo.auth.authorize;

/**
 * A request whose client or redirect URI cannot be trusted: it gets an error page and never a redirect
 * (RFC 6749 §4.1.2.1, RFC 9700 §4.1.1). The message names what is wrong without echoing values.
 */
public final class RequestRefused extends RuntimeException {

    public RequestRefused(String message) {
        super(message, null, false, false);
    }
}
