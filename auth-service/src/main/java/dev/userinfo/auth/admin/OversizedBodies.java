package dev.userinfo.auth.admin;

import dev.userinfo.contracts.admin.OversizedBodies.Answer;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The 413 for a body declared too large, in the envelope of the path (README "Error envelopes"); pages and the
 * RFC 6749 endpoints (which answer an oversized form with their own 400 {@code invalid_request}) keep theirs.
 */
@ApplicationScoped
public class OversizedBodies {

    private final long limit;

    public OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        dev.userinfo.contracts.admin.OversizedBodies.install(router, limit, OversizedBodies::envelope);
    }

    /** The 413 in the envelope of the path, or null for a page. */
    static Answer envelope(String path) {
        String message = "request body too large";
        if (path.startsWith("/admin/")) {
            return Answer.problem();
        }
        if (path.startsWith("/userservices/")) {
            return Answer.json(new JsonObject().put("err_code", 413).put("err_msg", message).encode());
        }
        if (path.startsWith("/oauth2/token") || path.startsWith("/oauth2/revoke") || path.startsWith("/oauth2/introspect")) {
            return null;   // these answer an oversized form themselves, RFC 6749 §5.2's 400 invalid_request
        }
        if (path.startsWith("/oauth2/prompt/") || path.startsWith("/internal/") || path.startsWith("/.well-known/")) {
            return Answer.json(new JsonObject().put("error", "invalid_request").put("error_description", message).encode());
        }
        return null;
    }
}
