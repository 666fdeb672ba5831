package dev.userinfo.info.dialect;

import dev.userinfo.jwt.BearerTokenAuthenticationMechanism;
import java.util.List;

/**
 * Where the seeds carry an access token in headers: {@code Authorization: Bearer <token>} (jwt-verification's rule),
 * the bare {@code Authorization: <token>} of seed 001 (第三步 请求头 {@code Authorization: TOKEN}), and seed 000's
 * {@code token} header (its security scheme {@code apikey-header-token}). Only reads headers; verifying is
 * jwt-verification's.
 */
final class PresentedToken {

    /** Seed 000's declared API key header ({@code securitySchemes.apikey-header-token.name}). */
    static final String TOKEN_HEADER = "token";

    /** What seed 000's headers present. */
    sealed interface Credentials {
    }

    /** An access token (or none: {@code token} null), from either header. */
    record Token(String token) implements Credentials {
    }

    /** {@code Authorization: Basic …} (the app's own secret, RFC 6749 §2.3.1) and no {@code token} header. */
    record Basic(String authorization) implements Credentials {
    }

    /** Refused: a header sent twice, or both headers sent with different credentials. */
    record Conflict(Kind kind) implements Credentials {
        enum Kind { REPEATED_AUTHORIZATION, REPEATED_TOKEN, AUTHORIZATION_AND_TOKEN_DIFFER }
    }

    private PresentedToken() {
    }

    /**
     * The token of an {@code Authorization} value: {@code Bearer <token>} (scheme case-insensitive, RFC 7235 §2.1),
     * else the whole trimmed value as a bare token (seed 001). Null for no value, a blank one, or a scheme alone.
     */
    static String ofAuthorization(String value) {
        String bearer = BearerTokenAuthenticationMechanism.bearerToken(value);
        if (bearer != null) {
            return bearer;
        }
        String bare = value == null ? "" : value.trim();
        return bare.isEmpty() || bare.equalsIgnoreCase("Bearer") ? null : bare;
    }

    /**
     * Seed 000's credentials. The seed lists both {@code Authorization: Bearer} (a required header parameter) and the
     * {@code token} header (its security scheme), so a client copying it may send both: the same token in both is
     * that token; different values are refused as ambiguous rather than guessed (RFC 6750 §3.1 invalid_request:
     * more than one method of including an access token), and so is Basic beside a {@code token}.
     */
    static Credentials ofSeed000(List<String> authorization, List<String> token) {
        if (authorization != null && authorization.size() > 1) {
            return new Conflict(Conflict.Kind.REPEATED_AUTHORIZATION);
        }
        if (token != null && token.size() > 1) {
            return new Conflict(Conflict.Kind.REPEATED_TOKEN);
        }
        String authorizationValue = authorization == null || authorization.isEmpty() ? null : authorization.get(0);
        String tokenValue = token == null || token.isEmpty() || token.get(0).isBlank() ? null : token.get(0).trim();
        boolean basic = authorizationValue != null && authorizationValue.regionMatches(true, 0, "Basic ", 0, 6);
        String fromAuthorization = basic ? null : ofAuthorization(authorizationValue);
        if (tokenValue == null) {
            return basic ? new Basic(authorizationValue) : new Token(fromAuthorization);
        }
        if (basic || (fromAuthorization != null && !fromAuthorization.equals(tokenValue))) {
            return new Conflict(Conflict.Kind.AUTHORIZATION_AND_TOKEN_DIFFER);
        }
        return new Token(tokenValue);
    }
}
