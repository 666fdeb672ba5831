package dev.userinfo.quota.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is refused by Vert.x before JAX-RS with an
 * empty 413; this route answers first, with the same status in seed 003's envelope (issue #13 item 7). The body is
 * not read, so the connection is closed (RFC 9110 §15.5.14). A chunked body over the limit still gets Vert.x's bare 413.
 */
@ApplicationScoped
public class OversizedBodies {

    private final long limit;
    private final ObjectMapper json;

    public OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit, ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null || !tooLarge(length)) {
                ctx.next();
                return;
            }
            Response answer = RequestErrors.envelope(413);
            try {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(answer.getEntity()))
                        .onComplete(done -> ctx.request().connection().close());
            } catch (JsonProcessingException e) {
                ctx.fail(413);
            }
        });
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
