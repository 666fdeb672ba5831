package dev.userinfo.jwt;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An access token presented as {@code Authorization: Bearer} (RFC 6750 §2.1). */
public final class BearerTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public BearerTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "BearerTokenRequest[token redacted]";
    }
}
