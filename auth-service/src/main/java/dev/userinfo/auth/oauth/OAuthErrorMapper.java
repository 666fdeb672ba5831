package dev.userinfo.auth.oauth;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one mapper of {@link OAuthError}: any OAuth endpoint may simply fail with one and the caller gets the
 * RFC 6749 §5.2 answer. A seed dialect that owes its own envelope recovers before it gets here.
 */
public class OAuthErrorMapper {

    @ServerExceptionMapper
    public Response map(OAuthError e) {
        return OAuthResponses.error(e);
    }
}
