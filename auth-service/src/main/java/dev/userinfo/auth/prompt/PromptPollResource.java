package dev.userinfo.auth.prompt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.oauth.ClientAuthenticator;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthResponses;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The app's poll of a request seed 000 opened for it, in the manner of CIBA's poll mode (OpenID CIBA Core §7.3):
 * client-authenticated, answering pending (with the interval to keep), approved (with the code), denied or expired.
 */
@Path("/oauth2/prompt/{request_id}")
@Tag(name = "OAuth 2.0")
public class PromptPollResource {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PollResponse(@JsonProperty("request_id") String requestId, String status,
                               @JsonProperty("expires_in") Long expiresIn, Long interval, String code, String state,
                               @JsonProperty("redirect_uri") String redirectUri) {
    }

    private final ClientAuthenticator clients;
    private final PromptPoll prompts;
    private final AuthConfig config;

    public PromptPollResource(ClientAuthenticator clients, PromptPoll prompts, AuthConfig config) {
        this.clients = clients;
        this.prompts = prompts;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "State of an authorization request seed 000 opened (poll)",
            description = "client_secret_basic of the app the request belongs to. pending: poll again after interval "
                    + "seconds; approved: code, state and redirect_uri, to redeem at the token endpoint exactly as if "
                    + "the callback had received it (the same code reaches the callback too; it works once); denied; expired.")
    @APIResponse(responseCode = "200", description = "request_id, status (pending, approved, denied, expired), and per status "
            + "expires_in and interval, or code, state and redirect_uri",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PollResponse.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: no or wrong client credentials",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "invalid_request: no such request for this app",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    public Uni<Response> poll(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("request_id") String requestId) {
        return clients.authenticateBasic(authorization)
                .chain(app -> prompts.poll(app, requestId))
                .map(state -> {
                    if (state == null) {
                        // Another app's request looks exactly like one that never existed.
                        return OAuthResponses.noStore(Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                                .entity(new OAuthResponses.ErrorResponse("invalid_request", "no such request for this client")));
                    }
                    boolean pending = state.status() == PromptStatus.PENDING;
                    return OAuthResponses.noStore(Response.ok(new PollResponse(state.requestId(), state.status().wire(),
                            pending ? state.expiresIn() : null, pending ? config.prompts().pollInterval().toSeconds() : null,
                            state.code(), state.state(), state.redirectUri())).type(MediaType.APPLICATION_JSON_TYPE));
                })
                .onFailure(OAuthError.class).recoverWithItem(failure -> OAuthResponses.error((OAuthError) failure));
    }
}
