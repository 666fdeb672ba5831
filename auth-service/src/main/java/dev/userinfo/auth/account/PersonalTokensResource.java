package dev.userinfo.auth.account;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.pat.PersonalAccessTokens;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.session.LoginResource;
import dev.userinfo.auth.session.Sessions;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.auth.session.SignedInForm;
import dev.userinfo.contracts.admin.AdminScopes;
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
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The personal access tokens page: create (shown once), list, revoke. */
@Path("/account/tokens")
@Tag(name = "Pages")
public class PersonalTokensResource {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public record ScopeChoice(String value, String description, boolean checked) {
    }

    public record TokenLine(long id, String name, String scopes, String createdAt, String expiresAt, String lastUsedAt) {
    }

    /** {@code createdToken} is set only on the answer to a create, the one time the value is shown. */
    public record TokensPage(String userName, String csrf, List<TokenLine> tokens, List<ScopeChoice> scopes,
                             long maxDays, String error, String createdName, String createdToken, boolean revoked,
                             String name, long days) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance tokens(TokensPage page);
    }

    private final Sessions sessions;
    private final PersonalAccessTokens tokens;
    private final AuthConfig config;

    public PersonalTokensResource(Sessions sessions, PersonalAccessTokens tokens, AuthConfig config) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Personal access tokens page")
    @APIResponse(responseCode = "200", description = "The user's tokens (never their values) and the create form")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    @Parameter(name = "revoked", in = ParameterIn.QUERY, description = "bare flag (?revoked): show that a token was just revoked")
    public Uni<Response> page(@Context UriInfo uri, @Context HttpHeaders headers) {
        boolean revoked = Pages.flag(uri.getRequestUri().getRawQuery(), "revoked");
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return sessions.current(headers).chain(user -> user == null
                ? Uni.createFrom().item(Pages.seeOther(LoginResource.loginUrl("/account/tokens")))
                : render(200, user, locale, null, null, revoked, "", defaultDays(), List.of()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Create a personal access token",
            description = "Form fields csrf, name, scope (repeated, one per permission), days (1 to the maximum lifetime).")
    @APIResponse(responseCode = "200", description = "Created: the page shows the token once (Cache-Control: no-store)")
    @APIResponse(responseCode = "400", description = "Malformed form, bad name, permission or expiry: the page with the reason")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing is created")
    public Uni<Response> create(@Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> {
            String name = form.single("name");
            List<String> scopes = form.all("scope");
            String days = form.single("days");
            String shownName = name == null ? "" : name;
            long maxDays = maxDays();
            if (days == null || !days.matches("[0-9]{1,6}") || Long.parseLong(days) < 1 || Long.parseLong(days) > maxDays) {
                return render(400, user, locale, "expiry must be between 1 and " + maxDays + " days", null, false,
                        shownName, defaultDays(), scopes);
            }
            long chosenDays = Long.parseLong(days);
            return tokens.create(user.userId(), name, scopes, Duration.ofDays(chosenDays))
                    .chain(created -> render(200, user, locale, null, created, false, "", defaultDays(), List.of()))
                    .onFailure(PersonalAccessTokens.Invalid.class).recoverWithUni(e -> render(400, user, locale,
                            e.getMessage(), null, false, shownName, chosenDays, scopes));
        });
    }

    @POST
    @Path("revoke")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Revoke a personal access token", description = "Form fields csrf, id.")
    @APIResponse(responseCode = "303", description = "Revoked: back to the page")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing changes")
    @APIResponse(responseCode = "404", description = "No such token of this user")
    public Uni<Response> revoke(@Context HttpHeaders headers, byte[] body) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) -> {
            String id = form.single("id");
            if (id == null || !id.matches("[0-9]{1,18}")) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.NOT_FOUND, locale, "no such token"));
            }
            return tokens.revoke(user.userId(), Long.parseLong(id)).map(done -> done ? Pages.seeOther("/account/tokens?revoked")
                    : Pages.error(Pages.Problem.NOT_FOUND, locale, "no such token"));
        });
    }

    private Uni<Response> render(int status, SignedIn user, Locale locale, String error, PersonalAccessTokens.Created created,
                                 boolean revoked, String name, long days, List<String> checked) {
        boolean chinese = Lang.chinese(locale);
        List<ScopeChoice> catalogue = Arrays.stream(Scope.values()).filter(s -> PersonalAccessTokens.ALLOWED_SCOPES.contains(s.value()))
                .map(s -> new ScopeChoice(s.value(), s.description(chinese), checked.contains(s.value()))).toList();
        String never = Pages.text(locale).tokens_never();
        return tokens.adminScopesOf(user.userId()).chain(admin -> {
            // Issue #18: only operators and auditors are offered the admin scopes their platform role allows.
            List<ScopeChoice> choices = new java.util.ArrayList<>(catalogue);
            if (admin.contains(AdminScopes.READ)) {
                choices.add(new ScopeChoice(AdminScopes.READ, Pages.text(locale).tokens_scope_admin_read(), checked.contains(AdminScopes.READ)));
            }
            if (admin.contains(AdminScopes.WRITE)) {
                choices.add(new ScopeChoice(AdminScopes.WRITE, Pages.text(locale).tokens_scope_admin_write(), checked.contains(AdminScopes.WRITE)));
            }
            return tokens.list(user.userId()).map(rows -> Pages.html(status, Templates.tokens(new TokensPage(user.name(),
                user.csrfToken(), rows.stream().map(t -> new TokenLine(t.id, t.name, String.join(" ", t.scopes),
                        WHEN.format(t.createdAt), t.expiresAt == null ? "" : WHEN.format(t.expiresAt),
                        t.lastUsedAt == null ? never : WHEN.format(t.lastUsedAt))).toList(),
                choices, maxDays(), error, created == null ? null : created.row().name,
                created == null ? null : created.token(), revoked, name, days)), locale));
        });
    }

    private long maxDays() {
        return Math.max(1, config.personalTokens().maxLifetime().toDays());
    }

    private long defaultDays() {
        return Math.min(30, maxDays());
    }
}
