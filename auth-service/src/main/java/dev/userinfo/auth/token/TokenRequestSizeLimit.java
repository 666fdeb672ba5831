package dev.userinfo.auth.token;

import dev.userinfo.auth.config.AuthConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an oversized token request from its {@code Content-Length} before reading the body, with the
 * RFC 6749 §5.2 error a client can parse — not the framework's empty 413, or an HTTP/2 stream reset.
 */
@ApplicationScoped
public class TokenRequestSizeLimit {

    void install(@Observes Router router, AuthConfig config) {
        int limit = config.tokens().maxRequestBytes();
        router.route("/oauth2/*").order(-100).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && tooLong(length, limit)) {
                context.response()
                        .setStatusCode(400)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("Connection", "close")
                        .end(new JsonObject()
                                .put("error", "invalid_request")
                                .put("error_description", "request body is larger than " + limit + " bytes")
                                .encode());
                return;
            }
            context.next();
        });
    }

    private static boolean tooLong(String length, int limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return true; // an unparseable length is no request we will read
        }
    }
}
