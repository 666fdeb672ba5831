package dev.userinfo.auth.oauth;

import dev.userinfo.auth.config.AuthConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an oversized token request from its {@code Content-Length} before reading the body, with the
 * RFC 6749 §5.2 error a client can parse — not the framework's empty 413, or an HTTP/2 stream reset.
 */
@ApplicationScoped
public class OAuthRequestSizeLimit {

    void install(@Observes Router router, AuthConfig config) {
        int limit = config.tokens().maxRequestBytes();
        // The OAuth endpoints that answer JSON; the authorization endpoint and its consent form are pages with
        // their own, larger limit (a consent form carries the whole authorization request).
        for (String path : new String[] {"/oauth2/token", "/oauth2/revoke", "/oauth2/introspect"}) {
            router.route(path).order(-100).handler(context -> refuseOversized(context, limit));
        }
    }

    private static void refuseOversized(RoutingContext context, int limit) {
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
    }

    private static boolean tooLong(String length, int limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return true; // an unparseable length is no request we will read
        }
    }
}
