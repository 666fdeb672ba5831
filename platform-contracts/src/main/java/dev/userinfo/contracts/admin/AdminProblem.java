package dev.userinfo.contracts.admin;

import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The one error of every admin API: an RFC 9457 problem ({@code application/problem+json}) with {@code type},
 * {@code title}, {@code status}, {@code detail} and the stable machine code as the extension member {@code error}
 * (RFC 9457 §3.2). Thrown or returned by the admin resources; nothing was changed.
 */
public final class AdminProblem extends RuntimeException {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String code;

    public AdminProblem(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static AdminProblem invalid(String detail) {
        return new AdminProblem(400, "invalid_request", detail);
    }

    public static AdminProblem unauthorized(String detail) {
        return new AdminProblem(401, "unauthorized", detail);
    }

    public static AdminProblem notFound(String detail) {
        return new AdminProblem(404, "not_found", detail);
    }

    public static AdminProblem conflict(String detail) {
        return new AdminProblem(409, "conflict", detail);
    }

    /** A framework refusal (404, 405, 406, 413, 415, a malformed body) on an admin path. */
    public static AdminProblem refusal(int status) {
        return new AdminProblem(status, FrameworkRefusals.code(status), FrameworkRefusals.description(status));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The same problem with its detail prefixed, e.g. with the line of an import it comes from. */
    public AdminProblem prefixed(String prefix) {
        return new AdminProblem(status, code, prefix + getMessage());
    }

    /** The problem body; {@code type} is about:blank, so {@code title} is the status phrase (RFC 9457 §4.2.1). */
    public JsonObject body() {
        Response.StatusType phrase = Response.Status.fromStatusCode(status);
        return new JsonObject()
                .put("type", "about:blank")
                .put("title", phrase == null ? "Error" : phrase.getReasonPhrase())
                .put("status", status)
                .put("detail", getMessage())
                .put("error", code);
    }

    public Response response() {
        return response(new JsonObject());
    }

    /** The answer with extension members beside the standard ones (RFC 9457 §3.2), e.g. the bad lines of an import. */
    public Response response(JsonObject extensions) {
        Response.ResponseBuilder answer = Response.status(status).type(MEDIA_TYPE).entity(body().mergeIn(extensions).encode());
        if (status == 401) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"admin\"");   // RFC 6750 §3
        }
        return answer.build();
    }
}
