package dev.userinfo.quota.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.FrameworkRefusals;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a request the framework refused (no such resource, wrong method, media type or Accept,
 * malformed JSON, a parameter that does not convert) gets this service's envelope, seed 003's
 * {@code {"message","success":false,"error"}}, on every path but the admin API's (issue #13 item 7), which answers the
 * admin problem of all three services (RFC 9457): never a bare status or HTML page.
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
    public Response framework(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status < 400 || status >= 500 || status == 401 || status == 403) {
            // Authentication answers and server-side conditions are built by their own code; keep them.
            return e.getResponse();
        }
        return isAdmin(request.path()) ? AdminProblem.refusal(status).response() : envelope(status);
    }

    /** The admin API follows the admin convention, not seed 003 (README "Admin API"). */
    public static boolean isAdmin(String path) {
        return path.startsWith("/api/admin/");
    }

    /** Anything unexpected: logged here, answered without details. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return Envelope.unavailable();
    }

    /** The answer for a framework refusal with {@code status}. */
    public static Response envelope(int status) {
        // Seed 003's clients read "Content-Type must be application/json" on a 415; the rest is the shared wording.
        String message = status == 415 ? "Content-Type must be application/json" : FrameworkRefusals.description(status);
        return Envelope.error(status, FrameworkRefusals.code(status), message);
    }
}
