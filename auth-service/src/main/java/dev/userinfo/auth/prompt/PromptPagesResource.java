package dev.userinfo.auth.prompt;

import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.session.Sessions;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.auth.session.SignedInForm;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The signed-in pages' side of seed 000's prompt: the event stream that makes the user online and brings prompts
 * ({@code static/prompts.js} opens it), and the prompt's answer.
 */
@Path("/me")
@Tag(name = "Pages")
public class PromptPagesResource {

    private static final String SIGNED_IN = PromptPagesResource.class.getName() + ".signedIn";

    private final Sessions sessions;
    private final PromptStreams streams;
    private final PromptAnswers answers;

    public PromptPagesResource(Sessions sessions, PromptStreams streams, PromptAnswers answers) {
        this.sessions = sessions;
        this.streams = streams;
        this.answers = answers;
    }

    @GET
    @Path("events")
    @SignedInStream
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The signed-in page's event stream",
            description = "Server-Sent Events: \"prompts\" with every authorization prompt to show now "
                    + "({\"prompts\":[{id, action, title, intro, app, logo, scopes, redirect, allow, deny, expires_in}]}, "
                    + "in the Accept-Language of the request), and \"ping\" every auth.prompts.heartbeat. The user counts "
                    + "as online while a stream is open and auth.prompts.presence-grace after the last one closed.")
    @APIResponse(responseCode = "200", description = "The stream (text/event-stream)")
    @APIResponse(responseCode = "401", description = "Not signed in: no stream (an EventSource stops reconnecting)")
    public Multi<OutboundSseEvent> events(@Context HttpHeaders headers, @Context Sse sse, @Context ContainerRequestContext request,
                                          @Context HttpServerResponse response) {
        SignedIn user = (SignedIn) request.getProperty(SIGNED_IN);
        // A proxy in front (nginx ingress) must pass each event on at once instead of buffering the stream; the
        // headers go out with the first event.
        response.putHeader("X-Accel-Buffering", "no");
        return streams.open(user, Sessions.cookie(headers, Sessions.COOKIE),
                Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)), sse);
    }

    /**
     * The stream's session check runs before the stream starts, so a visitor who is not signed in gets a plain 401
     * (an EventSource then stops reconnecting) rather than an empty stream.
     */
    @ServerRequestFilter
    @SignedInStream
    public Uni<Response> signedInForEvents(ContainerRequestContext request) {
        jakarta.ws.rs.core.Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        return sessions.find(cookie == null ? null : cookie.getValue()).map(user -> {
            if (user == null) {
                return Response.status(401).type(MediaType.TEXT_PLAIN_TYPE).entity("not signed in")
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }
            request.setProperty(SIGNED_IN, user);
            return null;
        });
    }

    @POST
    @Path("prompts/{request_id}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Answer a prompt", description = "Form fields csrf, decision (allow or deny), return_to (a path "
            + "under /account/). allow: the consent is remembered and a code issued, as on the consent page.")
    @APIResponse(responseCode = "303", description = "allow: to the app's redirect URI with code, state and iss; "
            + "deny: back to return_to")
    @APIResponse(responseCode = "400", description = "Incomplete form, or the request was answered, expired, or can no longer be made")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing changes")
    @APIResponse(responseCode = "500", description = "The answer could not be stored; nothing was issued")
    public Uni<Response> answer(@PathParam("request_id") String requestId, @Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> {
            String decision = form.single("decision");
            if (!"allow".equals(decision) && !"deny".equals(decision)) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.BAD_REQUEST, locale, "decision must be allow or deny"));
            }
            return decide(requestId, user, "allow".equals(decision), returnTo(form.single("return_to")))
                    .onFailure(PromptAnswers.NotAnswerable.class)
                    .recoverWithItem(failure -> Pages.error(Pages.Problem.AUTHORIZE, locale, failure.getMessage()))
                    .onFailure().recoverWithItem(failure -> Pages.error(Pages.Problem.SERVER, locale, null));
        });
    }

    private Uni<Response> decide(String requestId, SignedIn user, boolean allow, String returnTo) {
        return allow ? answers.approve(requestId, user).map(Pages::seeOther)
                : answers.deny(requestId, user).map(ignored -> Pages.seeOther(returnTo));
    }

    /** Only our own account pages: never an open redirect. */
    static String returnTo(String value) {
        return value != null && value.matches("/account(/[a-z]+)?") ? value : "/account/apps";
    }
}
