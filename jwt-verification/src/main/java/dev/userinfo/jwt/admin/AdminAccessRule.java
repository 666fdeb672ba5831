package dev.userinfo.jwt.admin;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.jwt.VerifiedCaller;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.OptionalLong;

/**
 * The decision table of every resource service's admin API (issue #18), pure so it is tested row by row:
 *
 * <ul>
 *   <li>the static credential → {@link AdminCaller#STATIC_CREDENTIAL};</li>
 *   <li>a verified user's access token or personal access token carrying {@link AdminScopes#requiredFor} the method →
 *       the operator {@code operator:<user id>};</li>
 *   <li>no credential, or a token that was refused → 401 {@code unauthorized};</li>
 *   <li>a valid token without that scope, or an app's own client_credentials token whatever it carries → 403
 *       {@code insufficient_scope} (RFC 6750 §3.1).</li>
 * </ul>
 */
public final class AdminAccessRule {

    /** The machine code of a valid token lacking the admin scope (RFC 6750 §3.1), in the admin problem's {@code error}. */
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    private AdminAccessRule() {
    }

    /**
     * @param staticCredential whether the request carried the service's static admin credential
     * @param caller           the verified token of the request, or null when it carried none or one that was refused
     * @param httpMethod       the request's method, which decides the scope needed
     * @return who the request is admitted as
     * @throws AdminProblem 401 or 403, as above; nothing may be changed then
     */
    public static AdminCaller admit(boolean staticCredential, VerifiedCaller caller, String httpMethod) {
        if (staticCredential) {
            return AdminCaller.STATIC_CREDENTIAL;
        }
        if (caller == null) {
            throw AdminProblem.unauthorized("A valid admin credential is required");
        }
        String scope = AdminScopes.requiredFor(httpMethod);
        OptionalLong user = caller.userId();
        // A client_credentials token speaks for an app, never for an operator, whatever scopes it carries.
        if (caller.appOwnToken() || user.isEmpty() || !caller.hasScope(scope)) {
            throw insufficientScope(scope);
        }
        return AdminCaller.operator(user.getAsLong());
    }

    public static AdminProblem insufficientScope(String scope) {
        return new AdminProblem(403, INSUFFICIENT_SCOPE, "this request needs a user's token carrying scope " + scope);
    }

    /** The refusal's answer; a 403 also says which scope in {@code WWW-Authenticate} (RFC 6750 §3). */
    public static Response refusal(AdminProblem problem, String httpMethod) {
        Response answer = problem.response();
        if (problem.status() != 403) {
            return answer;
        }
        return Response.fromResponse(answer).header(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer realm=\"admin\", error=\"insufficient_scope\", scope=\"" + AdminScopes.requiredFor(httpMethod) + "\"").build();
    }
}
