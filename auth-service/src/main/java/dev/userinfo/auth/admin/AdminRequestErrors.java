package dev.userinfo.auth.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Malformed JSON, a wrong content type or method on the admin API: a clear error in the admin envelope, not a
 * framework page; the framework's refusals on the other JSON paths in their own envelope (see {@code elsewhere}).
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
        int status = e.getResponse().getStatus();
        String path = request.path();
        if (!path.startsWith("/admin/")) {
            return elsewhere(e, status, path);
        }
        return switch (status) {
            case 400 -> error(400, "invalid_request", "request body is not valid JSON for this endpoint");
            case 404 -> error(404, "not_found", "no such admin resource");
            case 405 -> error(405, "method_not_allowed", "method not allowed on this admin resource");
            case 406 -> error(406, "not_acceptable", "the admin API answers application/json");
            case 415 -> error(415, "unsupported_media_type", "send application/json");
            default -> e.getResponse();
        };
    }

    /**
     * Issue #13 item 7: the framework's 400/404/405/406/413/415 outside /admin in the envelope of the path: seed 001's
     * {err_code, err_msg} under /userservices/, RFC 6749 §5.2 JSON at the OAuth and internal JSON endpoints; the
     * HTML pages (login, account, consent) keep the framework's answer.
     */
    private static Response elsewhere(WebApplicationException e, int status, String path) {
        boolean refusal = status == 400 || status == 404 || status == 405 || status == 406 || status == 413 || status == 415;
        if (!refusal) {
            return e.getResponse();
        }
        String description = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "this resource answers application/json";
            case 413 -> "request body too large";
            case 415 -> "unsupported content type for this resource";
            default -> "request is not valid for this resource";
        };
        if (path.startsWith("/userservices/")) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(java.util.Map.of("err_code", status, "err_msg", description)).build();
        }
        if (path.startsWith("/oauth2/token") || path.startsWith("/oauth2/revoke") || path.startsWith("/oauth2/introspect")
                || path.startsWith("/oauth2/prompt/") || path.startsWith("/internal/") || path.startsWith("/.well-known/")) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(jakarta.ws.rs.core.HttpHeaders.CACHE_CONTROL, "no-store")
                    .entity(java.util.Map.of("error", "invalid_request", "error_description", description)).build();
        }
        return e.getResponse();
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new AdminError(code, message)).build();
    }
}
