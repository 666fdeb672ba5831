package dev.userinfo.auth.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The answers every OAuth endpoint shares: the RFC 6749 §5.2 error body, and no caching of anything (§5.1). */
public final class OAuthResponses {

    /** Error response (RFC 6749 §5.2). */
    @RegisterForReflection
    public record ErrorResponse(String error, @JsonProperty("error_description") String errorDescription) {
    }

    private OAuthResponses() {
    }

    /** The error as RFC 6749 §5.2 writes it, with its {@code WWW-Authenticate} challenge for invalid_client. */
    public static Response error(OAuthError e) {
        Response.ResponseBuilder builder = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(e.error(), e.getMessage()));
        if (e.challenge() != null) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, e.challenge());
        }
        return noStore(builder);
    }

    /** RFC 6749 §5.1: token responses must not be cached. */
    public static Response noStore(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }
}
