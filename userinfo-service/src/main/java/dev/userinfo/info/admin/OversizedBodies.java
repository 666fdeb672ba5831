package dev.userinfo.info.admin;

import dev.userinfo.contracts.admin.OversizedBodies.Answer;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The 413 for a body declared too large, in the envelope of the path ({@link RequestErrors#envelope}). */
@ApplicationScoped
public class OversizedBodies {

    private final long limit;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
                           com.fasterxml.jackson.databind.ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        dev.userinfo.contracts.admin.OversizedBodies.install(router, limit, this::answer);
    }

    private Answer answer(String path) {
        Response answer = RequestErrors.envelope(413, path);
        if (answer.getEntity() instanceof String encoded) {
            return new Answer(answer.getMediaType().toString(), encoded);
        }
        try {
            return Answer.json(json.writeValueAsString(answer.getEntity()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;   // Vert.x's own bare 413 then
        }
    }
}
