package dev.userinfo.contracts.admin;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers an {@link AdminProblem} thrown anywhere in an admin resource (or its Uni) with its problem body. */
@Provider
public class AdminProblemMapper implements ExceptionMapper<AdminProblem> {

    @Override
    public Response toResponse(AdminProblem problem) {
        return problem.response();
    }
}
