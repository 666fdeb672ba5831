package dev.userinfo.auth.revocation;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.oauth.ClientAuthenticator;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthResponses;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The revocation feed that jwt-verification follows in every resource-service pod (docs/internal-contracts.md §2):
 * the unexpired rules after a cursor, long-polled. Only the clients in {@code auth.revocation.feed-clients} may
 * read it, with client_secret_basic.
 */
@Path("/internal/revocations")
@Tag(name = "Internal")
public class RevocationFeedResource {

    private static final int MAX_CURSOR_DIGITS = 18;

    private final ClientAuthenticator clients;
    private final RevocationFeed feed;
    private final AuthConfig config;

    public RevocationFeedResource(ClientAuthenticator clients, RevocationFeed feed, AuthConfig config) {
        this.clients = clients;
        this.feed = feed;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revocation rules after a cursor (long poll)",
            description = "Rules: token (jti), grant (gid), user (sub, issued_before), user_app (sub, client_id, issued_before), "
                    + "pat (jti = personal access token id, sub). With wait > 0 and nothing new, the answer waits until a rule "
                    + "is written or wait seconds pass. Start with after=0 to load every unexpired rule.")
    @Parameter(name = "after", in = ParameterIn.QUERY, description = "last_seq of the previous answer; 0 at start")
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "seconds to wait for a new rule, 0 to " + 30)
    @APIResponse(responseCode = "200", description = "revocations, last_seq, more",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevocationFeed.Page.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: after or wait not a number in range, or repeated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: no, wrong, or not a feed client's credentials",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthResponses.ErrorResponse.class)))
    public Uni<Response> revocations(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        // An OAuthError, thrown or failed, is answered by OAuthErrorMapper (RFC 6749 §5.2).
        long after = number(query, "after", Long.MAX_VALUE);
        long waitSeconds = number(query, "wait", config.revocation().feedMaxWait().toSeconds());
        return clients.authenticateBasic(authorization)
                .invoke(app -> {
                    if (!config.revocation().feedClients().contains(app.clientId)) {
                        throw OAuthError.invalidClient("this client may not read the revocation feed", "Basic");
                    }
                })
                .chain(app -> feed.after(after))
                .chain(page -> page.revocations().isEmpty() && waitSeconds > 0
                        ? feed.awaitAfter(page.lastSeq(), Duration.ofSeconds(waitSeconds)).chain(() -> feed.after(after))
                        : Uni.createFrom().item(page))
                .map(page -> OAuthResponses.noStore(Response.ok(page).type(MediaType.APPLICATION_JSON_TYPE)));
    }

    /** A non-negative whole number no larger than {@code max}; absent is 0. */
    private static long number(MultivaluedMap<String, String> query, String name, long max) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return 0;
        }
        String value = values.get(0);
        if (values.size() > 1 || value.isEmpty() || value.length() > MAX_CURSOR_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw OAuthError.invalidRequest(name + " must be one non-negative whole number");
        }
        long parsed = Long.parseLong(value);
        if (parsed > max) {
            throw OAuthError.invalidRequest(name + " must be at most " + max);
        }
        return parsed;
    }
}
