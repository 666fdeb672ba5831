package dev.userinfo.quota.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a request the framework refused (no such resource, wrong method, media type or Accept,
 * malformed JSON, a parameter that does not convert) gets this service's envelope, seed 003's
 * {@code {"message","success":false,"error"}}, on every path (issue #13 item 7): never a bare status or HTML page.
 */
public class RequestErrors {

    private static final Logger LOG = Logger.getLogger(RequestErrors.class);

    @ServerExceptionMapper
    public Response apiError(ApiError e) {
        return Envelope.error(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return envelope(400);
    }

    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        return envelope(400);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status < 400 || status >= 500 || status == 401 || status == 403) {
            // Authentication answers and server-side conditions are built by their own code; keep them.
            return e.getResponse();
        }
        return envelope(status);
    }

    /** Anything unexpected: logged here, answered without details. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return Envelope.unavailable();
    }

    /** The answer for a framework refusal with {@code status}. */
    public static Response envelope(int status) {
        return switch (status) {
            case 404 -> Envelope.error(404, "not_found", "no such resource");
            case 405 -> Envelope.error(405, "method_not_allowed", "method not allowed on this resource");
            case 406 -> Envelope.error(406, "not_acceptable", "this resource answers application/json");
            case 413 -> Envelope.error(413, "request_too_large", "request body too large");
            case 415 -> Envelope.error(415, "unsupported_media_type", "Content-Type must be application/json");
            default -> Envelope.error(status, "invalid_request", "request is not valid for this resource");
        };
    }
}
