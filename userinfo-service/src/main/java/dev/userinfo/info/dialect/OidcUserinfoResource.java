package dev.userinfo.info.dialect;

import dev.userinfo.info.profile.AccessDenied;
import dev.userinfo.info.profile.UserAccess;
import dev.userinfo.info.profile.UserSnapshot;
import dev.userinfo.jwt.BearerTokenAuthenticationMechanism;
import dev.userinfo.jwt.JwtVerificationConfig;
import dev.userinfo.jwt.VerifiedCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** OpenID Connect Core 1.0 §5.3 UserInfo endpoint: claims by scope, errors as RFC 6750 §3. */
@Path("/userinfo")
@Tag(name = "OpenID Connect")
public class OidcUserinfoResource {

    private static final Logger LOG = Logger.getLogger(OidcUserinfoResource.class);

    private final UserAccess access;
    private final String realm;

    public OidcUserinfoResource(UserAccess access, JwtVerificationConfig jwt) {
        this.access = access;
        this.realm = "Bearer realm=\"" + jwt.issuer() + "\"";
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Claims about the token's user (OIDC Core §5.3)")
    @APIResponse(responseCode = "200", description = "sub, and the claims of profile, email and phone when granted")
    @APIResponse(responseCode = "400", description = "More than one Authorization header (RFC 6750 §3.1 invalid_request)")
    @APIResponse(responseCode = "401", description = "No, invalid or expired token (RFC 6750 §3.1 invalid_token)")
    @APIResponse(responseCode = "403", description = "Token without openid, or a client token (insufficient_scope)")
    @APIResponse(responseCode = "500", description = "Unexpected failure")
    @APIResponse(responseCode = "503", description = "The token cannot be checked right now")
    public Uni<Response> get(@Context HttpHeaders headers) {
        return userinfo(headers);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Claims about the token's user (OIDC Core §5.3.1: POST too); the token only in the Authorization header")
    @APIResponse(responseCode = "200", description = "sub, and the claims of profile, email and phone when granted")
    @APIResponse(responseCode = "400", description = "More than one Authorization header (RFC 6750 §3.1 invalid_request)")
    @APIResponse(responseCode = "401", description = "No, invalid or expired token (RFC 6750 §3.1 invalid_token)")
    @APIResponse(responseCode = "403", description = "Token without openid, or a client token (insufficient_scope)")
    @APIResponse(responseCode = "500", description = "Unexpected failure")
    @APIResponse(responseCode = "503", description = "The token cannot be checked right now")
    public Uni<Response> post(@Context HttpHeaders headers) {
        return userinfo(headers);
    }

    private Uni<Response> userinfo(HttpHeaders headers) {
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.size() > 1) {
            return Uni.createFrom().item(error(400, "invalid_request", "Only one Authorization header is allowed"));
        }
        String token = authorization == null || authorization.isEmpty() ? null
                : BearerTokenAuthenticationMechanism.bearerToken(authorization.get(0));
        return access.caller(token)
                .flatMap(caller -> {
                    // OIDC Core §5.3: the UserInfo endpoint serves tokens of an OpenID request.
                    UserAccess.requireScope(caller, "openid");
                    return access.user(caller).map(user -> Response.ok(claims(caller, user)).build());
                })
                .onFailure().recoverWithItem(this::failed);
    }

    static Map<String, Object> claims(VerifiedCaller caller, UserSnapshot user) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", String.valueOf(user.userId()));
        if (caller.hasScope("profile")) {
            // OIDC Core §5.4: profile → name, nickname, preferred_username, picture, gender.
            claims.put("name", user.nickname());
            claims.put("nickname", user.nickname());
            claims.put("preferred_username", user.account());
            if (!user.avatar().isEmpty()) {
                claims.put("picture", user.avatar());
            }
            if (user.gender() == 1 || user.gender() == 2) {
                claims.put("gender", user.gender() == 1 ? "male" : "female");
            }
        }
        if (caller.hasScope("email") && !user.email().isEmpty()) {
            claims.put("email", user.email());
        }
        if (caller.hasScope("phone") && !user.phone().isEmpty()) {
            claims.put("phone_number", user.phone());
        }
        return claims;
    }

    private Response failed(Throwable failure) {
        if (!(failure instanceof AccessDenied denied)) {
            LOG.errorf(failure, "userinfo request failed");
            return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "server_error", "error_description", "Unexpected failure")).build();
        }
        return switch (denied.reason()) {
            case NO_TOKEN -> Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, realm).build();
            case MISSING_SCOPE, NOT_A_USER -> error(403, "insufficient_scope", "The access token needs the openid scope and a user");
            case UNAVAILABLE -> Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "temporarily_unavailable", "error_description", "The token cannot be checked right now")).build();
            // An unknown, disabled or deleted user: the token no longer speaks for anyone.
            default -> error(401, "invalid_token", "The access token is invalid or expired");
        };
    }

    private Response error(int status, String code, String description) {
        return Response.status(status)
                .header(HttpHeaders.WWW_AUTHENTICATE, realm + ", error=\"" + code + "\", error_description=\"" + description + "\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", code, "error_description", description))
                .build();
    }
}
