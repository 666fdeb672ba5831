package dev.userinfo.auth.developer;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.OwnedApps;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.consent.Consents;
import dev.userinfo.auth.developer.DeveloperPages.AppPage;
import dev.userinfo.auth.developer.DeveloperPages.DayLine;
import dev.userinfo.auth.developer.DeveloperPages.EventLine;
import dev.userinfo.auth.developer.DeveloperPages.PromptLine;
import dev.userinfo.auth.developer.DeveloperPages.QuickStartPage;
import dev.userinfo.auth.developer.DeveloperPages.RotatePage;
import dev.userinfo.auth.developer.DeveloperPages.SecretPage;
import dev.userinfo.auth.developer.DeveloperPages.Templates;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.prompt.PromptAudit;
import dev.userinfo.auth.session.Sessions;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.auth.session.SignedInForm;
import dev.userinfo.auth.token.IssuedTokenCounts;
import dev.userinfo.contracts.admin.AdminProblem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One app of the developer console (issue #18): its details, users, tokens per day and seed 000 prompt audit; its
 * redirect URIs, key rotation (confirm first; the new key shown once), disabling; and its quick start. Only the owner
 * reaches it: for anyone else every path is the same 404 as an unknown app, and nothing changes.
 */
@Path("/developer/apps/{clientId}")
@Tag(name = "Pages")
public class DeveloperAppResource {

    /** Days of tokens the page shows. */
    static final int DAYS = 14;
    /** Newest prompt requests the page shows. */
    static final int PROMPTS = 20;

    private final Sessions sessions;
    private final OwnedApps apps;
    private final Consents consents;
    private final IssuedTokenCounts tokens;
    private final PromptAudit prompts;
    private final AuthConfig config;

    public DeveloperAppResource(Sessions sessions, OwnedApps apps, Consents consents, IssuedTokenCounts tokens,
                                PromptAudit prompts, AuthConfig config) {
        this.sessions = sessions;
        this.apps = apps;
        this.consents = consents;
        this.tokens = tokens;
        this.prompts = prompts;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Developer console: one of my apps")
    @APIResponse(responseCode = "200", description = "The app (never its key), users, tokens per day, prompt audit, forms")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    @APIResponse(responseCode = "404", description = "No app of this user by that client_id")
    @Parameter(name = "saved", in = ParameterIn.QUERY, description = "bare flag (?saved): show that the redirect URIs were saved")
    public Uni<Response> page(@PathParam("clientId") String clientId, @Context UriInfo uri, @Context HttpHeaders headers) {
        String notice = Pages.flag(uri.getRequestUri().getRawQuery(), "saved") ? "saved" : null;
        return DeveloperPages.signedIn(sessions, headers, "/developer/apps/" + pathSafe(clientId), (user, locale) ->
                apps.find(user.userId(), clientId).chain(app -> app == null ? Uni.createFrom().item(DeveloperPages.notFound(locale))
                        : detail(200, user, locale, app, notice, null, String.join("\n", app.redirectUris))));
    }

    @POST
    @Path("redirect-uris")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Change my app's redirect URIs", description = "Form fields csrf, redirect_uris (one per line, at least one).")
    @APIResponse(responseCode = "303", description = "Saved: back to the app's page")
    @APIResponse(responseCode = "400", description = "Malformed form or an invalid URI: the page with the reason; nothing changes")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing changes")
    @APIResponse(responseCode = "404", description = "No app of this user by that client_id: nothing changes")
    public Uni<Response> redirectUris(@PathParam("clientId") String clientId, @Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> {
            String text = form.single("redirect_uris");
            List<String> uris = DeveloperPages.lines(text);
            return apps.find(user.userId(), clientId).chain(app -> {
                if (app == null) {
                    return Uni.createFrom().item(DeveloperPages.notFound(locale));
                }
                if (uris.isEmpty()) {
                    return detail(400, user, locale, app, null, "at least one redirect URI is required", text == null ? "" : text);
                }
                return apps.changeRedirectUris(user.userId(), clientId, uris)
                        .map(changed -> changed == null ? DeveloperPages.notFound(locale)
                                : Pages.seeOther("/developer/apps/" + clientId + "?saved"))
                        .onFailure(AdminProblem.class).recoverWithUni(e -> detail(400, user, locale, app, null, e.getMessage(), text));
            });
        });
    }

    @POST
    @Path("disable")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Disable my app", description = "Form field csrf. It gets no tokens and no authorization from then on; "
            + "only an operator enables it again.")
    @APIResponse(responseCode = "303", description = "Disabled: back to the app's page")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing changes")
    @APIResponse(responseCode = "404", description = "No app of this user by that client_id: nothing changes")
    public Uni<Response> disable(@PathParam("clientId") String clientId, @Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> apps.disable(user.userId(), clientId)
                .map(app -> app == null ? DeveloperPages.notFound(locale) : Pages.seeOther("/developer/apps/" + clientId)));
    }

    @GET
    @Path("rotate")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Developer console: confirm rotating my app's key")
    @APIResponse(responseCode = "200", description = "The confirmation form")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    @APIResponse(responseCode = "404", description = "No app of this user by that client_id")
    public Uni<Response> confirmRotation(@PathParam("clientId") String clientId, @Context HttpHeaders headers) {
        return DeveloperPages.signedIn(sessions, headers, "/developer/apps/" + pathSafe(clientId) + "/rotate", (user, locale) ->
                apps.find(user.userId(), clientId).map(app -> app == null ? DeveloperPages.notFound(locale)
                        : Pages.html(200, Templates.developer_rotate(new RotatePage(user.name(), user.csrfToken(), app.name,
                                app.clientId)), locale)));
    }

    @POST
    @Path("rotate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Rotate my app's key", description = "Form field csrf. The old key stops working at once; the "
            + "answer shows the new one, once.")
    @APIResponse(responseCode = "200", description = "Rotated: the new key, shown once (Cache-Control: no-store)")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing changes")
    @APIResponse(responseCode = "404", description = "No app of this user by that client_id: nothing changes")
    public Uni<Response> rotate(@PathParam("clientId") String clientId, @Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> apps.rotateSecret(user.userId(), clientId)
                .map(rotated -> rotated == null ? DeveloperPages.notFound(locale)
                        : Pages.html(200, Templates.developer_secret(new SecretPage(user.name(), user.csrfToken(),
                                rotated.app().name, rotated.app().clientId, rotated.app().appid, rotated.clientSecret(), true)), locale)));
    }

    @GET
    @Path("quickstart")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Developer console: copy-paste calls for my app, per seed dialect and OIDC")
    @APIResponse(responseCode = "200", description = "The calls, filled with the app's client_id, appid and this deployment's URLs")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    @APIResponse(responseCode = "404", description = "No app of this user by that client_id")
    public Uni<Response> quickStart(@PathParam("clientId") String clientId, @Context HttpHeaders headers) {
        return DeveloperPages.signedIn(sessions, headers, "/developer/apps/" + pathSafe(clientId) + "/quickstart", (user, locale) ->
                apps.find(user.userId(), clientId).map(app -> app == null ? DeveloperPages.notFound(locale)
                        : Pages.html(200, Templates.developer_quickstart(new QuickStartPage(user.name(), user.csrfToken(),
                                app.name, app.clientId, app.appid, QuickStart.sections(app, config, Pages.text(locale)))), locale)));
    }

    private Uni<Response> detail(int status, SignedIn user, Locale locale, App app, String notice, String error, String redirectUris) {
        return consents.users(app.appid).chain(users -> tokens.lastDays(app.appid, DAYS).chain(days ->
                prompts.audit(app.clientId, null, 0, PROMPTS).map(audited -> Pages.html(status, Templates.developer_app(
                        new AppPage(user.name(), user.csrfToken(), app.name, app.description == null ? "" : app.description,
                                app.clientId, app.appid, app.enabled, app.secretHash != null,
                                String.join(" ", app.allowedScopes), String.join(" ", app.requestedScopes), users,
                                newestFirst(days),
                                Math.max(1, days.stream().mapToLong(IssuedTokenCounts.Day::issued).max().orElse(1)),
                                audited.stream().map(p -> new PromptLine(p.requestId(), p.createdAt(),
                                        p.status().wire(), p.prompted(), p.userId() == null ? "" : p.userId().toString(),
                                        String.join(" ", p.scopes()), p.events().stream()
                                        .map(e -> new EventLine(e.event(), e.detail() == null ? "" : e.detail(), e.at())).toList()))
                                        .toList(),
                                redirectUris, notice, error)), locale))));
    }

    private static List<DayLine> newestFirst(List<IssuedTokenCounts.Day> days) {
        List<DayLine> lines = new java.util.ArrayList<>(days.stream().map(d -> new DayLine(d.day().toString(), d.issued())).toList());
        java.util.Collections.reverse(lines);
        return lines;
    }

    /** The client_id for a return_to path; anything that is not one cannot be an app (404 after login anyway). */
    private static String pathSafe(String clientId) {
        return dev.userinfo.auth.app.AppRegistry.isWellFormedClientId(clientId) ? clientId : "x";
    }
}
