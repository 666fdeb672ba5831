package dev.userinfo.auth.operatoridentity;

import dev.userinfo.auth.admin.AdminActor;
import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.contracts.admin.AdminCredential;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.contracts.audit.AuditEntry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The guard of every resource under /admin (issue #18), replacing platform-contracts' static-only filter here: the
 * static credential ({@code auth.admin.token}, actor {@code admin-token}) or an operator's token carrying
 * {@link AdminScopes#requiredFor} the method ({@link OperatorCredentials}, actor {@code operator:<user id>}). No or an
 * invalid credential is the 401 admin problem; a valid one without the scope the 403 {@code insufficient_scope}; either
 * way the resource never runs, so nothing changes. The accepted actor is the request's {@link AdminActor}.
 */
public class AdminGuard {

    private final AdminCredential staticCredential;
    private final OperatorCredentials operators;
    private final AdminActor actor;

    public AdminGuard(AdminCredential staticCredential, OperatorCredentials operators, AdminActor actor) {
        this.staticCredential = staticCredential;
        this.operators = operators;
        this.actor = actor;
    }

    /** By the matched path, not an annotation: a new admin resource cannot be left unguarded by forgetting one. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!AdminApi.covers(path.startsWith("/") ? path : "/" + path)) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (staticCredential.accepts(authorization)) {
            actor.accepted(AuditEntry.STATIC_CREDENTIAL);
            return Uni.createFrom().nullItem();
        }
        String scope = AdminScopes.requiredFor(request.getMethod());
        return operators.check(bearer(authorization), scope).map(verdict -> {
            if (verdict.accepted()) {
                actor.accepted(verdict.actor());
                return null;
            }
            if (verdict.status() == 403) {
                // RFC 6750 §3.1: the token is fine, its privileges are not; say which scope would do.
                return Response.fromResponse(new AdminProblem(403, "insufficient_scope", verdict.detail()).response())
                        .header(HttpHeaders.WWW_AUTHENTICATE,
                                "Bearer realm=\"admin\", error=\"insufficient_scope\", scope=\"" + scope + "\"").build();
            }
            return AdminProblem.unauthorized(verdict.detail()).response();
        });
    }

    /** The RFC 6750 §2.1 Bearer credential, or null. */
    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
