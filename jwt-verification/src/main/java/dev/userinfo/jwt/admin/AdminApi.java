package dev.userinfo.jwt.admin;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource of a resource service's admin API (issue #18): {@link AdminGuardFilter} admits the static credential
 * or an operator's token with the admin scope the method needs, and {@link CurrentAdminCaller} says who. Used instead
 * of platform-contracts' {@code @AdminOnly}, which admits the static credential alone.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminApi {

    /** OpenAPI security scheme of the static credential: {@code Authorization: Bearer <the service's admin token>}. */
    String ADMIN_TOKEN_SCHEME = "admin-token";

    /** OpenAPI security scheme of an operator: a user's access token (JWT) or personal access token with admin:read / admin:write. */
    String OPERATOR_SCHEME = "operator";

    /** The 401 every admin operation documents. */
    String UNAUTHORIZED = "No credential, or neither the static admin token nor a valid access token or personal access token (problem+json)";

    /** The 403 of a read: a valid token without admin:read. */
    String READ_FORBIDDEN = "insufficient_scope: a valid token that is not a user's with admin:read (an auditor's or operator's; problem+json)";

    /** The 403 of a write: a valid token without admin:write; nothing changed. */
    String WRITE_FORBIDDEN = "insufficient_scope: a valid token that is not a user's with admin:write (an operator's); nothing changed (problem+json)";
}
