package dev.userinfo.contracts.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Guards every {@link AdminOnly} resource with {@link AdminCredential}; a refusal is a 401 admin problem. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminCredentialFilter implements ContainerRequestFilter {

    private final AdminCredential credential;

    public AdminCredentialFilter(AdminCredential credential) {
        this.credential = credential;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!credential.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(AdminProblem.unauthorized("A valid admin credential is required").response());
        }
    }
}
