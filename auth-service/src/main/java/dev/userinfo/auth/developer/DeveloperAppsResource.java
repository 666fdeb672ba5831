package dev.userinfo.auth.developer;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppRegistration;
import dev.userinfo.auth.app.OwnedApps;
import dev.userinfo.auth.developer.DeveloperPages.AppLine;
import dev.userinfo.auth.developer.DeveloperPages.AppsPage;
import dev.userinfo.auth.developer.DeveloperPages.RegisterPage;
import dev.userinfo.auth.developer.DeveloperPages.ScopeChoice;
import dev.userinfo.auth.developer.DeveloperPages.SecretPage;
import dev.userinfo.auth.developer.DeveloperPages.Templates;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.session.Sessions;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.auth.session.SignedInForm;
import dev.userinfo.contracts.admin.AdminProblem;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The developer console's app list and registration (issue #18): the credentials are shown once, on the answer. */
@Path("/developer")
@Tag(name = "Pages")
public class DeveloperAppsResource {

    private final Sessions sessions;
    private final OwnedApps apps;

    public DeveloperAppsResource(Sessions sessions, OwnedApps apps) {
        this.sessions = sessions;
        this.apps = apps;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Developer console: my apps")
    @APIResponse(responseCode = "200", description = "The apps the signed-in user registered")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    public Uni<Response> list(@Context HttpHeaders headers) {
        return DeveloperPages.signedIn(sessions, headers, "/developer", (user, locale) -> apps.list(user.userId())
                .map(owned -> Pages.html(200, Templates.developer_apps(new AppsPage(user.name(), user.csrfToken(),
                        owned.stream().map(app -> new AppLine(app.clientId, app.appid, app.name, app.enabled,
                                String.join(" ", app.allowedScopes), String.join(" ", app.requestedScopes))).toList())), locale)));
    }

    @GET
    @Path("register")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Developer console: the registration form")
    @APIResponse(responseCode = "200", description = "The form")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    public Uni<Response> form(@Context HttpHeaders headers) {
        return DeveloperPages.signedIn(sessions, headers, "/developer/register", (user, locale) ->
                Uni.createFrom().item(form(200, user, locale, null, "", "", "", "", List.of())));
    }

    @POST
    @Path("register")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Register an app", description = "Form fields csrf, name, description, logo_url (https), "
            + "redirect_uris (one per line), scope (repeated). quota_write and org_read are only requested until an "
            + "operator approves them. The answer shows client_id, appid and app_key; the key never again.")
    @APIResponse(responseCode = "200", description = "Registered: the credentials, the key shown once (Cache-Control: no-store)")
    @APIResponse(responseCode = "400", description = "Malformed form or invalid field: the form again with the reason; nothing registered")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing registered")
    public Uni<Response> register(@Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> {
            String name = orEmpty(form.single("name"));
            String description = orEmpty(form.single("description"));
            String logoUrl = orEmpty(form.single("logo_url"));
            String redirectText = orEmpty(form.single("redirect_uris"));
            List<String> scopes = form.all("scope");
            List<String> redirectUris = DeveloperPages.lines(redirectText);
            if (redirectUris.isEmpty()) {
                return Uni.createFrom().item(form(400, user, locale, "at least one redirect URI is required", name,
                        description, logoUrl, redirectText, scopes));
            }
            AppRegistration registration = new AppRegistration(name, null, App.CONFIDENTIAL, redirectUris, scopes,
                    description, logoUrl, true);
            return apps.register(user.userId(), registration)
                    .map(registered -> Pages.html(200, Templates.developer_secret(new SecretPage(user.name(), user.csrfToken(),
                            registered.app().name, registered.app().clientId, registered.app().appid,
                            registered.clientSecret(), false)), locale))
                    .onFailure(AdminProblem.class).recoverWithItem(e -> form(400, user, locale, e.getMessage(), name,
                            description, logoUrl, redirectText, scopes));
        });
    }

    private static Response form(int status, SignedIn user, Locale locale, String error, String name, String description,
                                 String logoUrl, String redirectUris, List<String> checked) {
        boolean chinese = Lang.chinese(locale);
        List<ScopeChoice> choices = Arrays.stream(Scope.values()).map(s -> new ScopeChoice(s.value(), s.description(chinese),
                checked.contains(s.value()), s.needsApproval())).toList();
        return Pages.html(status, Templates.developer_register(new RegisterPage(user.name(), user.csrfToken(), error, name,
                description, logoUrl, redirectUris, choices)), locale);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
