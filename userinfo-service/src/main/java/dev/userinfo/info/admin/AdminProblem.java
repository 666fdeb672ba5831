package dev.userinfo.info.admin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An admin request that cannot be done as asked; carries its admin-envelope answer. Nothing was changed. */
public final class AdminProblem extends RuntimeException {

    private final int status;
    private final String code;

    public AdminProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static AdminProblem invalid(String message) {
        return new AdminProblem(400, "invalid_request", message);
    }

    public static AdminProblem notFound(String message) {
        return new AdminProblem(404, "not_found", message);
    }

    public static AdminProblem conflict(String message) {
        return new AdminProblem(409, "conflict", message);
    }

    public Response response() {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new AdminError(code, getMessage())).build();
    }
}
