package dev.userinfo.auth.operator;

import dev.userinfo.auth.page.Pages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The directory userinfo-service keeps (seed 002's orgList and roleList, seed 004's per-app groups): organisations,
 * roles, apps and one app's groups; creating an organisation or a role. Members are added on a user's page.
 */
@Path("/operator/orgs")
@Tag(name = "Operator console")
public class DirectoryConsoleResource {

    /** {@code app}: the appid whose groups are shown, or null. */
    public record DirectoryPage(Console.Frame frame, Table orgs, Table roles, Table apps, List<String> appIds, String app,
                                Table groups) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance operator_orgs(DirectoryPage page);
    }

    private final Console console;
    private final AdminApis apis;

    public DirectoryConsoleResource(Console console, AdminApis apis) {
        this.console = console;
        this.apis = apis;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Organisations, roles, apps and an app's groups (userinfo-service's admin API)")
    @APIResponse(responseCode = "200", description = "The directory")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "502", description = "userinfo-service's admin API did not answer")
    public Uni<Response> directory(@Context HttpHeaders headers, @QueryParam("app") String app, @QueryParam("done") String done) {
        return console.page(headers, "/operator/orgs", (operator, locale) ->
                render(operator, locale, app, done == null ? null : Console.text(locale).done_directory(), null));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Create an organisation (userinfo-service POST /admin/orgs)", description = "Form fields csrf, org_id, org_code, org_name.")
    @APIResponse(responseCode = "303", description = "Created: back to the directory")
    @APIResponse(responseCode = "400", description = "Malformed form or a field the admin API refuses")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing created")
    @APIResponse(responseCode = "409", description = "The id or code exists")
    @APIResponse(responseCode = "502", description = "userinfo-service's admin API did not answer")
    public Uni<Response> createOrg(@Context HttpHeaders headers, byte[] body) {
        return create(headers, body, "/admin/orgs", "org");
    }

    @POST
    @Path("roles")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Create a role (userinfo-service POST /admin/roles)", description = "Form fields csrf, role_id, role_code, role_name.")
    @APIResponse(responseCode = "303", description = "Created: back to the directory")
    @APIResponse(responseCode = "400", description = "Malformed form or a field the admin API refuses")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing created")
    @APIResponse(responseCode = "409", description = "The id or code exists")
    @APIResponse(responseCode = "502", description = "userinfo-service's admin API did not answer")
    public Uni<Response> createRole(@Context HttpHeaders headers, byte[] body) {
        return create(headers, body, "/admin/roles", "role");
    }

    /** POSTs {@code <noun>_id}, {@code <noun>_code}, {@code <noun>_name} from the form; the id must be a number. */
    private Uni<Response> create(HttpHeaders headers, byte[] body, String path, String noun) {
        return console.form(headers, body, (operator, form, locale) -> {
            String id = Console.field(form, noun + "_id");
            if (!Console.ID.matcher(id).matches()) {
                return render(operator, locale, null, null, new ApiAnswer(AdminApi.USERINFO, 400, null, "invalid_request",
                        noun + "_id must be a number"));
            }
            JsonObject created = new JsonObject().put(noun + "_id", Long.parseLong(id))
                    .put(noun + "_code", Console.field(form, noun + "_code")).put(noun + "_name", Console.field(form, noun + "_name"));
            return apis.send(AdminApi.USERINFO, HttpMethod.POST, path, created, operator.token()).chain(answer -> answer.ok()
                    ? Uni.createFrom().item(Pages.seeOther("/operator/orgs?done=1"))
                    : render(operator, locale, null, null, answer));
        });
    }

    private Uni<Response> render(Console.Operator operator, Locale locale, String app, String notice, ApiAnswer refused) {
        String token = operator.token();
        Map<String, String> all = Map.of("page_size", "500");
        boolean withApp = app != null && Console.ID.matcher(app).matches();
        Uni<ApiAnswer> groups = withApp ? apis.get(AdminApi.USERINFO, "/admin/apps/" + app + "/groups", all, token)
                : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(apis.get(AdminApi.USERINFO, "/admin/orgs", all, token),
                apis.get(AdminApi.USERINFO, "/admin/roles", all, token),
                apis.get(AdminApi.USERINFO, "/admin/apps", all, token), groups).asTuple().map(answers -> {
                    List<ApiAnswer> shown = new ArrayList<>();
                    if (refused != null) {
                        shown.add(refused);
                    }
                    shown.addAll(List.of(answers.getItem1(), answers.getItem2(), answers.getItem3()));
                    if (answers.getItem4() != null) {
                        shown.add(answers.getItem4());
                    }
                    List<String> appIds = new ArrayList<>();
                    answers.getItem3().items().forEach(a -> appIds.add(a instanceof JsonObject o ? Table.cell(o.getValue("app_id")) : ""));
                    DirectoryPage page = new DirectoryPage(Console.frame(operator, notice, shown),
                            Table.of(answers.getItem1().items(), List.of("org_id", "org_code", "org_name")),
                            Table.of(answers.getItem2().items(), List.of("role_id", "role_code", "role_name")),
                            Table.of(answers.getItem3().items(), List.of("app_id", "client_id", "name", "status", "directory_access")),
                            appIds, withApp ? app : null,
                            answers.getItem4() == null ? null : Table.of(answers.getItem4().items(), List.of("group_id", "name")));
                    return Console.render(Console.status(refused != null ? List.of(refused) : List.of(answers.getItem1())),
                            Templates.operator_orgs(page), locale);
                });
    }
}
