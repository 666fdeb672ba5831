package dev.userinfo.auth.account;

import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.consent.Consents;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.prompt.PromptMutes;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.session.LoginResource;
import dev.userinfo.auth.session.Sessions;
import dev.userinfo.auth.session.SignedInForm;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The "authorized apps" page: the user's consents, and withdrawing one (which revokes the app's tokens). */
@Path("/account/apps")
@Tag(name = "Pages")
public class AuthorizedAppsResource {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public record ScopeLine(String value, String description) {
    }

    /** {@code muted}: the user turned off this app's authorization prompts (seed 000, issue #6). */
    public record AppLine(String clientId, String name, List<ScopeLine> scopes, String grantedAt, boolean muted) {
    }

    public record AppsPage(String userName, String csrf, List<AppLine> apps, boolean withdrawn) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance apps(AppsPage page);
    }

    private final Sessions sessions;
    private final Consents consents;
    private final PromptMutes mutes;

    public AuthorizedAppsResource(Sessions sessions, Consents consents, PromptMutes mutes) {
        this.sessions = sessions;
        this.consents = consents;
        this.mutes = mutes;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Authorized apps page")
    @APIResponse(responseCode = "200", description = "The apps the signed-in user has authorized, with their permissions")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    @Parameter(name = "withdrawn", in = ParameterIn.QUERY, description = "bare flag (?withdrawn): show that a consent was just withdrawn")
    public Uni<Response> page(@Context UriInfo uri, @Context HttpHeaders headers) {
        boolean withdrawn = Pages.flag(uri.getRequestUri().getRawQuery(), "withdrawn");
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        boolean chinese = Lang.chinese(locale);
        return sessions.current(headers).chain(user -> {
            if (user == null) {
                return Uni.createFrom().item(Pages.seeOther(LoginResource.loginUrl("/account/apps")));
            }
            return consents.list(user.userId()).chain(apps -> mutes.mutedApps(user.userId()).map(muted ->
                    Pages.html(200, Templates.apps(new AppsPage(user.name(), user.csrfToken(), apps.stream().map(a -> new AppLine(
                            a.app().clientId, a.app().name,
                            a.scopes().stream().map(s -> new ScopeLine(s, Scope.of(s).map(x -> x.description(chinese)).orElse(s))).toList(),
                            WHEN.format(a.grantedAt()), muted.contains(a.app().clientId))).toList(), withdrawn)), locale)));
        });
    }

    @POST
    @Path("withdraw")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Withdraw consent", description = "Form fields csrf, client_id. Deletes the consent and revokes "
            + "every grant and token of that app for this user; resource services refuse them from then on.")
    @APIResponse(responseCode = "303", description = "Withdrawn: back to the page")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing changes")
    @APIResponse(responseCode = "404", description = "The user has not authorized such an app")
    public Uni<Response> withdraw(@Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> {
            String clientId = form.single("client_id");
            if (!AppRegistry.isWellFormedClientId(clientId)) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.NOT_FOUND, locale, "no such authorized app"));
            }
            return consents.withdraw(user.userId(), clientId).map(done -> done ? Pages.seeOther("/account/apps?withdrawn")
                    : Pages.error(Pages.Problem.NOT_FOUND, locale, "no such authorized app"));
        });
    }

    @POST
    @Path("prompts")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Mute or allow an app's authorization prompts", description = "Form fields csrf, client_id, "
            + "prompts (mute or allow). A muted app's calls to seed 000 never prompt this user (prompted is false).")
    @APIResponse(responseCode = "303", description = "Done: back to the page")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing changes")
    @APIResponse(responseCode = "404", description = "The user has not authorized such an app")
    public Uni<Response> prompts(@Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> {
            String choice = form.single("prompts");
            if (!"mute".equals(choice) && !"allow".equals(choice)) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.BAD_REQUEST, locale, "prompts must be mute or allow"));
            }
            return mutes.mute(user.userId(), form.single("client_id"), "mute".equals(choice))
                    .map(done -> done ? Pages.seeOther("/account/apps")
                            : Pages.error(Pages.Problem.NOT_FOUND, locale, "no such authorized app"));
        });
    }
}
