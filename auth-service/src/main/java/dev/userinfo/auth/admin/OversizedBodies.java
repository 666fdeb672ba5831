package dev.userinfo.auth.admin;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is refused by Vert.x before JAX-RS with an
 * empty 413; on the JSON paths this route answers first, same status, in the path's envelope (issue #13 item 7).
 * The body is not read, so the connection is closed (RFC 9110 §15.5.14). Pages and chunked bodies keep Vert.x's 413;
 * the RFC 6749 endpoints keep their own 400 {@code invalid_request}.
 */
@ApplicationScoped
public class OversizedBodies {

    private final long limit;

    public OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            JsonObject body = length == null || !tooLarge(length) ? null : envelope(ctx.request().path());
            if (body == null) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body.encode())
                    .onComplete(done -> ctx.request().connection().close());
        });
    }

    /** The 413 in the envelope of the path (README "Error envelopes"), or null for a page. */
    static JsonObject envelope(String path) {
        String message = "request body too large";
        if (path.startsWith("/admin/")) {
            return new JsonObject().put("error", "request_too_large").put("message", message);
        }
        if (path.startsWith("/userservices/")) {
            return new JsonObject().put("err_code", 413).put("err_msg", message);
        }
        if (path.startsWith("/oauth2/token") || path.startsWith("/oauth2/revoke") || path.startsWith("/oauth2/introspect")) {
            return null;   // these answer an oversized form themselves, RFC 6749 §5.2's 400 invalid_request
        }
        if (path.startsWith("/oauth2/prompt/") || path.startsWith("/internal/") || path.startsWith("/.well-known/")) {
            return new JsonObject().put("error", "invalid_request").put("error_description", message);
        }
        return null;
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
