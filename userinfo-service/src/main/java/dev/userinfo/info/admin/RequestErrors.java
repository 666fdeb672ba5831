package dev.userinfo.info.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.userinfo.info.lifecycle.UserEventResource;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Malformed JSON, a wrong content type or method on the admin API and the internal receiver: a clear error in
 * their envelope, not a framework page. The dialects check their own input; other paths keep the framework's answer.
 */
public class RequestErrors {

    @ServerExceptionMapper
    public Response problem(AdminProblem e) {
        return e.response();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return new AdminProblem(400, "invalid_request", "request body is not valid JSON for this endpoint").response();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (request.path().startsWith("/internal/")) {
            String description = switch (status) {
                case 405 -> "method not allowed";
                case 415 -> "send application/json";
                case 406 -> "the receiver answers application/json";
                default -> null;
            };
            return description == null ? e.getResponse()
                    : Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new UserEventResource.Problem("invalid_request", description)).build();
        }
        if (!request.path().startsWith("/admin/")) {
            return e.getResponse();
        }
        return switch (status) {
            case 400 -> new AdminProblem(400, "invalid_request", "request is not valid for this endpoint").response();
            case 404 -> new AdminProblem(404, "not_found", "no such admin resource").response();
            case 405 -> new AdminProblem(405, "method_not_allowed", "method not allowed on this admin resource").response();
            case 406 -> new AdminProblem(406, "not_acceptable", "the admin API answers application/json").response();
            case 415 -> new AdminProblem(415, "unsupported_media_type", "send application/json").response();
            default -> e.getResponse();
        };
    }
}
