package dev.userinfo.auth.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Malformed JSON, a wrong content type or method on the admin API: a clear error in the admin envelope, not a
 * framework page. Other paths keep the framework's answer.
 */
public class AdminRequestErrors {

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return error(400, "invalid_request", "request body is not valid JSON for this endpoint");
    }

    /** More specific than the above, so Quarkus' own mapper (which describes the input) never answers. */
    @ServerExceptionMapper
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            return error(400, "invalid_request", "unknown field " + field);
        }
        return error(400, "invalid_request", field == null ? "request body must be a JSON object"
                : "wrong type for field " + field);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, HttpServerRequest request) {
        if (!request.path().startsWith("/admin/")) {
            return e.getResponse();
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> error(400, "invalid_request", "request body is not valid JSON for this endpoint");
            case 404 -> error(404, "not_found", "no such admin resource");
            case 405 -> error(405, "method_not_allowed", "method not allowed on this admin resource");
            case 406 -> error(406, "not_acceptable", "the admin API answers application/json");
            case 415 -> error(415, "unsupported_media_type", "send application/json");
            default -> e.getResponse();
        };
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new AdminError(code, message)).build();
    }
}
