package dev.userinfo.auth.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.FrameworkRefusals;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Malformed JSON (only the admin API reads JSON bodies), a wrong content type or method: the admin problem on
 * /admin, the envelope of the path elsewhere (see {@code elsewhere}); never a framework page.
 */
public class AdminRequestErrors {

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return AdminProblem.invalid("request body is not valid JSON for this endpoint").response();
    }

    /** More specific than the above, so Quarkus' own mapper (which describes the input) never answers. */
    @ServerExceptionMapper
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return AdminProblem.invalid("unknown field " + field).response();
        }
        return AdminProblem.invalid(field == null ? "request body must be a JSON object" : "wrong type for field " + field).response();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String path = request.path();
        if (!FrameworkRefusals.isRefusal(status)) {
            return e.getResponse();
        }
        return path.startsWith("/admin/") ? AdminProblem.refusal(status).response() : elsewhere(e, status, path);
    }

    /**
     * Issue #13 item 7: the framework's 400/404/405/406/413/415 outside /admin in the envelope of the path: seed 001's
     * {err_code, err_msg} under /userservices/, RFC 6749 §5.2 JSON at the OAuth and internal JSON endpoints; the
     * HTML pages (login, account, consent) keep the framework's answer.
     */
    private static Response elsewhere(WebApplicationException e, int status, String path) {
        String description = FrameworkRefusals.description(status);
        if (path.startsWith("/userservices/")) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("err_code", status, "err_msg", description)).build();
        }
        if (path.startsWith("/oauth2/token") || path.startsWith("/oauth2/revoke") || path.startsWith("/oauth2/introspect")
                || path.startsWith("/oauth2/prompt/") || path.startsWith("/internal/") || path.startsWith("/.well-known/")) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(jakarta.ws.rs.core.HttpHeaders.CACHE_CONTROL, "no-store")
                    .entity(Map.of("error", "invalid_request", "error_description", description)).build();
        }
        return e.getResponse();
    }
}
