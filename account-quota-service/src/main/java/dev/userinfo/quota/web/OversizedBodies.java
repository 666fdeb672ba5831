package dev.userinfo.quota.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.contracts.admin.OversizedBodies.Answer;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The 413 for a body declared too large: the admin problem on the admin API, seed 003's envelope everywhere else. */
@ApplicationScoped
public class OversizedBodies {

    private final long limit;
    private final ObjectMapper json;

    public OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit, ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        dev.userinfo.contracts.admin.OversizedBodies.install(router, limit, this::answer);
    }

    private Answer answer(String path) {
        if (RequestErrors.isAdmin(path)) {
            return Answer.problem();
        }
        try {
            return Answer.json(json.writeValueAsString(RequestErrors.envelope(413).getEntity()));
        } catch (JsonProcessingException e) {
            return null;   // Vert.x's own bare 413 then
        }
    }
}
