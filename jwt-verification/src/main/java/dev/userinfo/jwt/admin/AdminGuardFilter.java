package dev.userinfo.jwt.admin;

import dev.userinfo.contracts.admin.AdminProblem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every {@link AdminApi} resource with {@link AdminGuard}: a refusal is the 401 or 403 admin problem and the
 * resource never runs. Independent of lazy authentication ({@code quarkus.http.auth.proactive=false}): the token is
 * verified here, not by the Bearer mechanism, so the static credential is never mistaken for a malformed JWT.
 */
public class AdminGuardFilter {

    private static final String ADMITTED = AdminCaller.class.getName();

    private final AdminGuard guard;
    private final CurrentAdminCaller current;

    public AdminGuardFilter(AdminGuard guard, CurrentAdminCaller current) {
        this.guard = guard;
        this.current = current;
    }

    @AdminApi
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> admit(ContainerRequestContext request) {
        String method = request.getMethod();
        return guard.admit(request.getHeaderString(HttpHeaders.AUTHORIZATION), method)
                .map(caller -> {
                    // The verification may complete on another request's thread: the request itself carries the result.
                    request.setProperty(ADMITTED, caller);
                    return (Response) null;
                })
                .onFailure(AdminProblem.class).recoverWithItem(problem -> AdminAccessRule.refusal((AdminProblem) problem, method));
    }

    /** Hands the admitted caller to the request scope, on the request's own context once the verification resumed it. */
    @AdminApi
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public void expose(ContainerRequestContext request) {
        if (request.getProperty(ADMITTED) instanceof AdminCaller caller) {
            current.set(caller);
        }
    }
}
