package dev.userinfo.auth.operator;

import dev.userinfo.auth.page.Pages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Apps in the console: the registered apps with the privileged scopes they requested and wait for (issue #18:
 * {@code quota_write}, {@code org_read}), approving them, disabling and enabling an app.
 */
@Path("/operator/apps")
@Tag(name = "Operator console")
public class AppConsoleResource {

    /** Scopes an app may request but only an operator grants (issue #18: they move money or read directories). */
    static final List<String> PRIVILEGED = List.of("quota_write", "org_read");

    /** {@code pending}: privileged scopes the app requested (its {@code requested_scopes}) and was not granted yet. */
    public record AppRow(long appid, String clientId, String name, boolean enabled, String scopes, List<String> pending) {
    }

    public record AppsPage(Console.Frame frame, List<AppRow> apps, int next, boolean more) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance operator_apps(AppsPage page);
    }

    private final Console console;
    private final AdminApis apis;

    public AppConsoleResource(Console console, AdminApis apis) {
        this.console = console;
        this.apis = apis;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Registered apps (auth-service GET /admin/apps), 100 a page, with the scopes waiting for approval")
    @APIResponse(responseCode = "200", description = "The apps")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "400", description = "A bad page number (the admin API's problem on the page)")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> apps(@Context HttpHeaders headers, @QueryParam("page") String page, @QueryParam("done") String done) {
        return console.page(headers, "/operator/apps", (operator, locale) ->
                render(operator, locale, page, done == null ? null : Console.text(locale).done_app(), null));
    }

    @POST
    @Path("{clientId}/approve")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Approve requested privileged scopes (auth-service POST /admin/apps/{client_id}/approve-scopes)",
            description = "Form fields csrf, scope (repeated).")
    @APIResponse(responseCode = "303", description = "Approved: back to the apps")
    @APIResponse(responseCode = "400", description = "Malformed form, no scope, or a scope the app did not request")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing approved")
    @APIResponse(responseCode = "404", description = "No such app")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> approve(@Context HttpHeaders headers, @PathParam("clientId") String clientId, byte[] body) {
        return console.form(headers, body, (operator, form, locale) -> !Console.CLIENT_ID.matcher(clientId).matches()
                ? Uni.createFrom().item(Console.notFound(locale))
                : answered(operator, locale, apis.send(AdminApi.AUTH, HttpMethod.POST, "/admin/apps/" + clientId + "/approve-scopes",
                        new JsonObject().put("scopes", new JsonArray(new ArrayList<>(form.all("scope")))), operator.token())));
    }

    @POST
    @Path("{clientId}/disable")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Disable an app (auth-service PATCH /admin/apps/{client_id} enabled=false)", description = "Form field csrf.")
    @APIResponse(responseCode = "303", description = "Disabled: back to the apps")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such app")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> disable(@Context HttpHeaders headers, @PathParam("clientId") String clientId, byte[] body) {
        return enabled(headers, clientId, body, false);
    }

    @POST
    @Path("{clientId}/enable")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Enable an app again (auth-service PATCH /admin/apps/{client_id} enabled=true)", description = "Form field csrf.")
    @APIResponse(responseCode = "303", description = "Enabled: back to the apps")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such app")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> enable(@Context HttpHeaders headers, @PathParam("clientId") String clientId, byte[] body) {
        return enabled(headers, clientId, body, true);
    }

    private Uni<Response> enabled(HttpHeaders headers, String clientId, byte[] body, boolean enabled) {
        return console.form(headers, body, (operator, form, locale) -> !Console.CLIENT_ID.matcher(clientId).matches()
                ? Uni.createFrom().item(Console.notFound(locale))
                : answered(operator, locale, apis.send(AdminApi.AUTH, HttpMethod.PATCH, "/admin/apps/" + clientId,
                        new JsonObject().put("enabled", enabled), operator.token())));
    }

    private Uni<Response> answered(Console.Operator operator, Locale locale, Uni<ApiAnswer> change) {
        return change.chain(answer -> answer.ok() ? Uni.createFrom().item(Pages.seeOther("/operator/apps?done=1"))
                : render(operator, locale, null, null, answer));
    }

    private Uni<Response> render(Console.Operator operator, Locale locale, String page, String notice, ApiAnswer refused) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page", page);
        query.put("page_size", "100");
        return apis.get(AdminApi.AUTH, "/admin/apps", query, operator.token()).map(answer -> {
            List<AppRow> rows = new ArrayList<>();
            for (Object item : answer.items()) {
                if (item instanceof JsonObject app) {
                    rows.add(row(app));
                }
            }
            JsonObject list = answer.object();
            int current = list.getInteger("page", 1);
            boolean more = (long) current * 100 < list.getLong("total", 0L);
            List<ApiAnswer> answers = refused == null ? List.of(answer) : List.of(refused, answer);
            return Console.render(Console.status(answers),
                    Templates.operator_apps(new AppsPage(Console.frame(operator, notice, answers), rows, current + 1, more)), locale);
        });
    }

    static AppRow row(JsonObject app) {
        List<String> granted = strings(app.getValue("scopes"));
        List<String> pending = new ArrayList<>();
        for (String requested : strings(app.getValue("requested_scopes"))) {
            if (PRIVILEGED.contains(requested) && !granted.contains(requested)) {
                pending.add(requested);
            }
        }
        return new AppRow(app.getLong("appid", 0L), app.getString("client_id", ""), app.getString("name", ""),
                app.getBoolean("enabled", true), String.join(" ", granted), pending);
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(v -> strings.add(String.valueOf(v)));
        }
        return strings;
    }
}
