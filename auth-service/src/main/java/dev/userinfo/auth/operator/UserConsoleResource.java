package dev.userinfo.auth.operator;

import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.page.FormBody;
import dev.userinfo.auth.page.Pages;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Users in the console: search, create, one user; disable, enable, reset the password (typed by the operator, never
 * shown back), end their sessions, withdraw a consent, delete (confirmed), and membership of an organisation with a
 * role (userinfo-service). Every change is
 * the admin API's, made with the operator's token; its refusal (an auditor's 403 included) is shown on the page.
 */
@Path("/operator/users")
@Tag(name = "Operator console")
public class UserConsoleResource {

    private final Console console;
    private final AdminApis apis;
    private final UserViews views;

    public UserConsoleResource(Console console, AdminApis apis, UserViews views) {
        this.console = console;
        this.apis = apis;
        this.views = views;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Find users (id, or part of the login, display name or email) and the create form")
    @APIResponse(responseCode = "200", description = "The matching users")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> search(@Context HttpHeaders headers, @QueryParam("q") String keyword, @QueryParam("done") String done) {
        return console.page(headers, "/operator/users", (operator, locale) ->
                views.users(operator, locale, keyword, notice(locale, done), null, UserViews.NewUser.EMPTY));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Create a user (auth-service POST /admin/users)",
            description = "Form fields csrf, login, password, display_name, email (the last two optional).")
    @APIResponse(responseCode = "303", description = "Created: to the new user's page")
    @APIResponse(responseCode = "400", description = "Malformed form, or the admin API refused a field: its problem on the page")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing created")
    @APIResponse(responseCode = "409", description = "The login or email is taken")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> create(@Context HttpHeaders headers, byte[] body) {
        return console.form(headers, body, (operator, form, locale) -> {
            JsonObject user = new JsonObject().put("login", Console.field(form, "login")).put("password", password(form));
            optional(user, "display_name", form);
            optional(user, "email", form);
            UserViews.NewUser typed = new UserViews.NewUser(Console.field(form, "login"), Console.field(form, "display_name"), Console.field(form, "email"));
            return apis.send(AdminApi.AUTH, HttpMethod.POST, "/admin/users", user, operator.token()).chain(answer -> answer.ok()
                    ? Uni.createFrom().item(Pages.seeOther("/operator/users/" + answer.object().getLong("id") + "?done=created"))
                    : views.users(operator, locale, "", null, answer, typed));
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "One user: auth-service's record, organisations and roles (userinfo-service), and the forms that change them")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> user(@Context HttpHeaders headers, @PathParam("id") String id, @QueryParam("done") String done) {
        return console.page(headers, "/operator/users/" + (Console.ID.matcher(id).matches() ? id : ""), (operator, locale) ->
                !Console.ID.matcher(id).matches() ? Uni.createFrom().item(Console.notFound(locale))
                        : views.user(operator, locale, Long.parseLong(id), notice(locale, done), null));
    }

    @POST
    @Path("{id}/disable")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Disable a user (auth-service POST /admin/users/{id}/disable): sessions end, every token is revoked",
            description = "Form field csrf.")
    @APIResponse(responseCode = "303", description = "Disabled: back to the user")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> disable(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return change(headers, id, body, (operator, form, locale) -> apis.send(AdminApi.AUTH, HttpMethod.POST,
                "/admin/users/" + id + "/disable", null, operator.token()), "disabled");
    }

    @POST
    @Path("{id}/enable")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Enable a user again (auth-service POST /admin/users/{id}/enable)", description = "Form field csrf.")
    @APIResponse(responseCode = "303", description = "Enabled: back to the user")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> enable(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return change(headers, id, body, (operator, form, locale) -> apis.send(AdminApi.AUTH, HttpMethod.POST,
                "/admin/users/" + id + "/enable", null, operator.token()), "enabled");
    }

    @POST
    @Path("{id}/password")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Set a new password the operator typed (auth-service PATCH /admin/users/{id}); it is never shown back",
            description = "Form fields csrf, password.")
    @APIResponse(responseCode = "303", description = "Changed: back to the user (sessions ended, grants revoked)")
    @APIResponse(responseCode = "400", description = "Malformed form, or a password the admin API refuses (too short)")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> password(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return change(headers, id, body, (operator, form, locale) -> apis.send(AdminApi.AUTH, HttpMethod.PATCH,
                "/admin/users/" + id, new JsonObject().put("password", password(form)), operator.token()), "password");
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Delete a user (auth-service DELETE /admin/users/{id})",
            description = "Form fields csrf, confirm (must be yes: the confirmation box).")
    @APIResponse(responseCode = "303", description = "Deleted: to the users page")
    @APIResponse(responseCode = "400", description = "Malformed form, or not confirmed: nothing deleted")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing deleted")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> delete(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return console.form(headers, body, (operator, form, locale) -> {
            if (!Console.ID.matcher(id).matches()) {
                return Uni.createFrom().item(Console.notFound(locale));
            }
            if (!"yes".equals(form.single("confirm"))) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.BAD_REQUEST, locale, Console.text(locale).users_delete_unconfirmed()));
            }
            return apis.send(AdminApi.AUTH, HttpMethod.DELETE, "/admin/users/" + id, null, operator.token())
                    .chain(answer -> answer.ok() ? Uni.createFrom().item(Pages.seeOther("/operator/users?done=deleted"))
                            : views.user(operator, locale, Long.parseLong(id), null, answer));
        });
    }

    @POST
    @Path("{id}/orgs")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Add the user to an organisation with a role (userinfo-service PUT /admin/profiles/{id}/orgs/{org})",
            description = "Form fields csrf, org_id, role_id. Roles the user already holds there stay.")
    @APIResponse(responseCode = "303", description = "Done: back to the user")
    @APIResponse(responseCode = "400", description = "Malformed form, or an organisation or role id that is not a number")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user, organisation or role")
    @APIResponse(responseCode = "502", description = "userinfo-service's admin API did not answer")
    public Uni<Response> addToOrg(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return change(headers, id, body, (operator, form, locale) -> {
            String org = Console.field(form, "org_id");
            String role = Console.field(form, "role_id");
            if (!Console.ID.matcher(org).matches() || !Console.ID.matcher(role).matches()) {
                return Uni.createFrom().item(new ApiAnswer(AdminApi.USERINFO, 400, null, "invalid_request",
                        "org_id and role_id must be numbers"));
            }
            String path = "/admin/profiles/" + id + "/orgs";
            return apis.get(AdminApi.USERINFO, path, Map.of(), operator.token()).chain(current -> {
                if (!current.ok()) {
                    return Uni.createFrom().item(current);
                }
                JsonArray roles = UserViews.heldRoles(current, Long.parseLong(org));
                long added = Long.parseLong(role);
                if (roles.stream().noneMatch(held -> held instanceof Number n && n.longValue() == added)) {
                    roles.add(added);
                }
                return apis.send(AdminApi.USERINFO, HttpMethod.PUT, path + "/" + org,
                        new JsonObject().put("role_ids", roles), operator.token());
            });
        }, "member");
    }

    @POST
    @Path("{id}/sessions/end")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "End every browser session of the user (auth-service DELETE /admin/users/{id}/sessions)",
            description = "Form field csrf.")
    @APIResponse(responseCode = "303", description = "Ended: back to the user")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> endSessions(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return change(headers, id, body, (operator, form, locale) -> apis.send(AdminApi.AUTH, HttpMethod.DELETE,
                "/admin/users/" + id + "/sessions", null, operator.token()), "sessions");
    }

    @POST
    @Path("{id}/consents/withdraw")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Withdraw the user's consent to an app (auth-service DELETE /admin/users/{id}/consents/{client_id})",
            description = "Form fields csrf, client_id. The app's grants and tokens for the user are revoked.")
    @APIResponse(responseCode = "303", description = "Withdrawn: back to the user")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user, or the user has not authorized that app")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> withdrawConsent(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return change(headers, id, body, (operator, form, locale) -> {
            String clientId = Console.field(form, "client_id");
            if (!AppRegistry.isWellFormedClientId(clientId)) {
                return Uni.createFrom().item(new ApiAnswer(AdminApi.AUTH, 404, null, "not_found",
                        "the user has not authorized such an app"));
            }
            return apis.send(AdminApi.AUTH, HttpMethod.DELETE, "/admin/users/" + id + "/consents/" + clientId, null,
                    operator.token());
        }, "withdrawn");
    }

    @FunctionalInterface
    private interface Change {
        Uni<ApiAnswer> apply(Console.Operator operator, FormBody form, Locale locale);
    }

    /** A change of one user: its answer's refusal on the user's page, its success back there with a notice. */
    private Uni<Response> change(HttpHeaders headers, String id, byte[] body, Change change, String done) {
        return console.form(headers, body, (operator, form, locale) -> !Console.ID.matcher(id).matches()
                ? Uni.createFrom().item(Console.notFound(locale))
                : change.apply(operator, form, locale).chain(answer -> answer.ok()
                ? Uni.createFrom().item(Pages.seeOther("/operator/users/" + id + "?done=" + done))
                : views.user(operator, locale, Long.parseLong(id), null, answer)));
    }

    static String notice(Locale locale, String done) {
        if (done == null) {
            return null;
        }
        OperatorText text = Console.text(locale);
        return switch (done) {
            case "created" -> text.done_created();
            case "disabled" -> text.done_disabled();
            case "enabled" -> text.done_enabled();
            case "password" -> text.done_password();
            case "deleted" -> text.done_deleted();
            case "member" -> text.done_member();
            case "sessions" -> text.done_sessions();
            case "withdrawn" -> text.done_withdrawn();
            default -> null;
        };
    }

    /** The typed password exactly, spaces included (never stripped, never shown back). */
    private static String password(FormBody form) {
        String value = form.single("password");
        return value == null ? "" : value;
    }

    private static void optional(JsonObject body, String name, FormBody form) {
        String value = form.single(name);
        if (value != null && !value.isBlank()) {
            body.put(name, value);
        }
    }
}
