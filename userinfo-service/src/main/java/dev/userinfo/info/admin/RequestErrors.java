package dev.userinfo.info.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.FrameworkRefusals;
import dev.userinfo.info.dialect.ChatroomAccountInfoResource;
import dev.userinfo.info.dialect.DeveloperProfileResource;
import dev.userinfo.info.dialect.UserDetailResource;
import dev.userinfo.info.dialect.VvchatUserinfoResource;
import dev.userinfo.info.lifecycle.UserEventResource;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a request the framework refused (no such resource, wrong method, media type or Accept,
 * malformed JSON, a parameter that does not convert) gets the envelope of the path it was sent to (issue #13 item 7):
 * each seed dialect its own error shape, /userinfo RFC 6750 JSON, /admin the admin problem (RFC 9457), anything else
 * plain JSON.
 * Never the framework's HTML page, never an exception name.
 */
public class RequestErrors {

    private static final Logger LOG = Logger.getLogger(RequestErrors.class);

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        return envelope(400, request.path());
    }

    /** Jackson's own mapper for a body of the wrong JSON type would answer a bare 400; this one keeps the envelope. */
    @ServerExceptionMapper
    public Response wrongJsonType(com.fasterxml.jackson.databind.exc.MismatchedInputException e, HttpServerRequest request) {
        return envelope(400, request.path());
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status < 400 || status >= 500 || status == 401 || status == 403) {
            // Authentication answers and server-side conditions are built by their own code; keep them.
            return e.getResponse();
        }
        return envelope(status, request.path());
    }

    /** Anything unexpected: logged here, answered without details in the path's envelope. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        LOG.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return envelope(500, request.path());
    }

    /** The answer for {@code status} in the envelope of {@code path}. */
    public static Response envelope(int status, String path) {
        String description = FrameworkRefusals.description(status);
        if (path.startsWith("/admin/")) {
            return AdminProblem.refusal(status).response();
        }
        if (path.startsWith("/internal/")) {
            return json(status, new UserEventResource.Problem(FrameworkRefusals.code(status), description));
        }
        if (path.startsWith("/chatroom/")) {
            return ChatroomAccountInfoResource.requestError(status, description);
        }
        if (path.startsWith("/userservices/")) {
            return VvchatUserinfoResource.requestError(status, description);
        }
        if (path.startsWith("/user/info")) {
            return UserDetailResource.requestError(status, description);
        }
        if (path.startsWith("/developer/")) {
            return DeveloperProfileResource.requestError(status, description);
        }
        if (path.equals("/userinfo") || path.startsWith("/userinfo/")) {
            // RFC 6750 §3.1: a malformed request is invalid_request, said in WWW-Authenticate too.
            Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", status == 500 ? "server_error" : "invalid_request", "error_description", description));
            if (status == 400) {
                answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_request\"");
            }
            return answer.build();
        }
        return json(status, Map.of("error", FrameworkRefusals.code(status), "error_description", description));
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
