package dev.userinfo.jwt;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A verified token without the scope an endpoint requires: 403 {@code insufficient_scope} (RFC 6750 §3.1). */
public class InsufficientScopeMapper {

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response insufficientScope(ForbiddenException e) {
        return Response.status(Response.Status.FORBIDDEN)
                .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "insufficient_scope",
                        "error_description", "The access token does not carry the scope this endpoint requires"))
                .build();
    }
}
