package dev.userinfo.auth.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.oauth.ClientAuthenticator;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthResponses;
import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.userinfo.contracts.prompt.PromptTriggerAnswer;
import dev.userinfo.contracts.prompt.PromptTriggerRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where userinfo-service opens an authorization request for seed 000's tokenless call (docs/internal-contracts.md
 * §4). Only the clients in {@code auth.prompts.trigger-clients} may call it, with client_secret_basic.
 */
@Path("/internal/prompts")
@Tag(name = "Internal")
public class PromptTriggerResource {

    private final ClientAuthenticator clients;
    private final PromptOpening prompts;
    private final AuthConfig config;
    private final ObjectMapper json;

    public PromptTriggerResource(ClientAuthenticator clients, PromptOpening prompts, AuthConfig config, ObjectMapper json) {
        this.clients = clients;
        this.prompts = prompts;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open an authorization request for seed 000 (internal)",
            description = "Body {client_id, redirect_uri, scope, user_id?, proof?, client_secret?}. Without a proof that holds "
                    + "(client_token vouched for by the trigger client, or the app's client_secret) nothing is opened and the answer "
                    + "is a state-less authorize_url, prompted false, proven false. A proven call opens a request; the user is "
                    + "prompted only if they authorized the app (or it is first-party), have not muted it and are online.")
    @APIResponse(responseCode = "200", description = "proven: request_id, authorize_url, prompted, expires_in, proven true; "
            + "unproven: authorize_url, prompted false, proven false",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PromptTriggerAnswer.class)))
    @APIResponse(responseCode = "400", description = "unknown_client, invalid_redirect_uri, invalid_scope or invalid_request: nothing is opened",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: no, wrong, or not a trigger client's credentials",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "415", description = "invalid_request: the body is not application/json",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "slow_down: the app opened auth.prompts.rate-limit requests (proven calls) in the last minute; Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    public Uni<Response> open(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        return clients.authenticateBasic(authorization)
                .invoke(caller -> {
                    if (!config.prompts().triggerClients().contains(caller.clientId)) {
                        throw OAuthError.invalidClient("this client may not open authorization prompts", "Basic");
                    }
                })
                .chain(caller -> {
                    if (contentType == null || !MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                        return Uni.createFrom().item(error(415, "invalid_request", "the body must be application/json", 0));
                    }
                    Request request;
                    try {
                        request = read(body);
                    } catch (IllegalArgumentException e) {
                        return Uni.createFrom().item(error(400, "invalid_request", e.getMessage(), 0));
                    }
                    return prompts.open(request.clientId, request.redirectUri, request.scope, request.userId, request.proof)
                            .map(opened -> OAuthResponses.noStore(Response.ok(new PromptTriggerAnswer(opened.requestId(),
                                    opened.authorizeUrl(), opened.prompted(), opened.proven() ? opened.expiresIn() : null,
                                    opened.proven())).type(MediaType.APPLICATION_JSON_TYPE)))
                            .onFailure(PromptOpening.Refused.class).recoverWithItem(failure -> {
                                PromptOpening.Refused refused = (PromptOpening.Refused) failure;
                                return error(refused.status, refused.error, refused.getMessage(), refused.retryAfter);
                            });
                })
                .onFailure(OAuthError.class).recoverWithItem(failure -> OAuthResponses.error((OAuthError) failure));
    }

    private record Request(String clientId, String redirectUri, String scope, Long userId, PromptOpening.Proof proof) {
    }

    private Request read(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        PromptTriggerRequest request = PromptTriggerRequest.read(root);
        PromptOpening.Proof proven;
        if (request.proof() == null) {
            proven = PromptOpening.Proof.ANONYMOUS;
        } else if (request.proof().equals(PromptTriggerRequest.CLIENT_TOKEN)) {
            proven = new PromptOpening.Proof.ClientToken();
        } else {
            proven = new PromptOpening.Proof.ClientSecret(request.clientSecret());
        }
        return new Request(request.clientId(), request.redirectUri(), request.scope(), request.userIdNumber(), proven);
    }

    private static Response error(int status, String error, String description, long retryAfter) {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuthResponses.ErrorResponse(error, description));
        if (retryAfter > 0) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        }
        return OAuthResponses.noStore(builder);
    }
}
