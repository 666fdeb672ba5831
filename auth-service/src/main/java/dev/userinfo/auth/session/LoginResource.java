package dev.userinfo.auth.session;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.page.Csrf;
import dev.userinfo.auth.page.FormBody;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.PageText;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.user.PasswordHasher;
import dev.userinfo.auth.user.UserDirectory;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The login page and logout. Works without JavaScript; the form's CSRF token is bound to a pre-session cookie
 * (login CSRF, RFC 6749 §10.12), and a successful login starts a fresh session (no fixation).
 */
@Path("/")
@Tag(name = "Pages")
public class LoginResource {

    /** Where a login may send the browser back to: only this service's own pages, never another origin. */
    private static final Pattern RETURN_TO = Pattern.compile(
            "/(oauth2/authorize|userservices/v2/authorization/authorize)\\?[\\x21-\\x7e&&[^#\\\\]]*|/account(/apps|/tokens)?"
                    + "|/operator(/[a-z0-9_-][a-z0-9._-]*){0,3}"
                    // The developer console (issue #18): its pages and an app's pages by client_id.
                    + "|/developer(/register|/apps/[A-Za-z0-9._~-]{3,64}(/quickstart|/rotate)?)?");
    public static final String DEFAULT_RETURN = "/account/apps";
    private static final int MAX_LOGIN = 256;

    /** The login page's data. {@code message} is a localized notice or null. */
    public record LoginPage(String csrf, String returnTo, String login, String message, String signedInAs) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance login(LoginPage page);
    }

    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final UserDirectory users;
    private final PasswordHasher hasher;

    public LoginResource(Sessions sessions, LoginThrottle throttle, UserDirectory users, PasswordHasher hasher) {
        this.sessions = sessions;
        this.throttle = throttle;
        this.users = users;
        this.hasher = hasher;
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Login page", description = "Server-rendered form; return_to is where to go after signing in "
            + "(this service's authorization or account pages only).")
    @APIResponse(responseCode = "200", description = "The form, with a pre-session cookie its CSRF token is bound to")
    public Uni<Response> page(@QueryParam("return_to") String returnTo, @Context HttpHeaders headers) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        String existing = Sessions.cookie(headers, Sessions.LOGIN_COOKIE);
        String preSession = Sessions.wellFormed(existing) ? existing : ClientSecrets.generate();
        return sessions.current(headers).map(signedIn -> Response.fromResponse(Pages.html(200, Templates.login(
                        new LoginPage(Sessions.loginCsrf(preSession), safeReturnTo(returnTo), null, null,
                                signedIn == null ? null : signedIn.name())), locale))
                .header(HttpHeaders.SET_COOKIE, Sessions.loginCookie(preSession)).build());
    }

    @POST
    @Path("login")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign in", description = "Form fields login, password, csrf, return_to.")
    @APIResponse(responseCode = "303", description = "Signed in: a new session cookie, back to return_to")
    @APIResponse(responseCode = "400", description = "Malformed form or missing fields: the form again")
    @APIResponse(responseCode = "401", description = "Wrong login name or password (the same for unknown names)")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: nothing is checked")
    @APIResponse(responseCode = "429", description = "Too many failures for this account or address: wait Retry-After seconds")
    @APIResponse(responseCode = "503", description = "Every password hasher stayed busy: the form again; wait Retry-After seconds")
    public Uni<Response> login(@Context HttpHeaders headers, @Context HttpServerRequest request, byte[] body) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        PageText text = Pages.text(locale);
        String preSession = Sessions.cookie(headers, Sessions.LOGIN_COOKIE);
        FormBody form;
        String login;
        String password;
        String returnTo;
        try {
            form = FormBody.parse(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body);
            if (!Sessions.wellFormed(preSession) || !Csrf.matches(Sessions.loginCsrf(preSession), form.single(Csrf.FIELD))) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.CSRF, locale, null));
            }
            login = form.single("login");
            password = form.single("password");
            returnTo = safeReturnTo(form.single("return_to"));
        } catch (FormBody.BadForm e) {
            return Uni.createFrom().item(Pages.error(Pages.Problem.BAD_REQUEST, locale, e.getMessage()));
        }
        String csrf = Sessions.loginCsrf(preSession);
        if (login == null || login.isBlank() || password == null || password.isEmpty()) {
            return Uni.createFrom().item(again(400, csrf, returnTo, login, text.login_missing(), locale));
        }
        if (login.length() > MAX_LOGIN) {
            login = login.substring(0, MAX_LOGIN);
        }
        String name = login.strip();
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return throttle.attempt(name, ip).chain(wait -> {
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                return Uni.createFrom().item(Response.fromResponse(
                                again(429, csrf, returnTo, name, text.login_throttled(seconds), locale))
                        .header(HttpHeaders.RETRY_AFTER, seconds).build());
            }
            return users.authenticate(name, password).chain(user -> {
                if (user == null) {
                    return Uni.createFrom().item(again(401, csrf, returnTo, name, text.login_failed(), locale));
                }
                return throttle.succeeded(name, ip)
                        .chain(() -> sessions.start(user, Sessions.cookie(headers, Sessions.COOKIE)))
                        // last_login_at/ip reach the other services with the next user event (seed 003).
                        .call(() -> users.recordLogin(user.id, ip, password))
                        .map(started -> Response.fromResponse(Pages.seeOther(returnTo))
                                .header(HttpHeaders.SET_COOKIE, sessions.sessionCookie(started.sessionId()))
                                .header(HttpHeaders.SET_COOKIE, Sessions.clearedLoginCookie())
                                .build());
            }).onFailure(PasswordHasher.Busy.class).recoverWithItem(() -> Response.fromResponse(
                            again(503, csrf, returnTo, name, text.login_busy(hasher.retryAfterSeconds()), locale))
                    .header(HttpHeaders.RETRY_AFTER, hasher.retryAfterSeconds()).build());
        });
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign out", description = "Form field csrf (the session's token). Ends the server-side session.")
    @APIResponse(responseCode = "303", description = "Signed out (or was not signed in): to the login page")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "403", description = "Missing or wrong CSRF token: the session stays")
    public Uni<Response> logout(@Context HttpHeaders headers, byte[] body) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        String sessionId = Sessions.cookie(headers, Sessions.COOKIE);
        return sessions.find(sessionId).chain(signedIn -> {
            if (signedIn == null) {
                return Uni.createFrom().item(Response.fromResponse(Pages.seeOther("/login"))
                        .header(HttpHeaders.SET_COOKIE, Sessions.clearedSessionCookie()).build());
            }
            try {
                FormBody form = FormBody.parse(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body);
                if (!Csrf.matches(signedIn.csrfToken(), form.single(Csrf.FIELD))) {
                    return Uni.createFrom().item(Pages.error(Pages.Problem.CSRF, locale, null));
                }
            } catch (FormBody.BadForm e) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.BAD_REQUEST, locale, e.getMessage()));
            }
            return sessions.end(sessionId).replaceWith(() -> Response.fromResponse(Pages.seeOther("/login"))
                    .header(HttpHeaders.SET_COOKIE, Sessions.clearedSessionCookie()).build());
        });
    }

    @GET
    @Path("account")
    @Operation(summary = "Account pages", description = "Redirects to the authorized apps page.")
    @APIResponse(responseCode = "303", description = "To /account/apps")
    public Response account() {
        return Pages.seeOther(DEFAULT_RETURN);
    }

    private static Response again(int status, String csrf, String returnTo, String login, String message, Locale locale) {
        return Pages.html(status, Templates.login(new LoginPage(csrf, returnTo, login, message, null)), locale);
    }

    /** The login URL that comes back to {@code target} (a path with query on this service). */
    public static String loginUrl(String target) {
        return "/login?return_to=" + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** return_to if it names one of this service's pages; the account page otherwise (no open redirect). */
    static String safeReturnTo(String returnTo) {
        return returnTo != null && returnTo.length() <= FormBody.MAX_BYTES && RETURN_TO.matcher(returnTo).matches()
                ? returnTo : DEFAULT_RETURN;
    }
}
