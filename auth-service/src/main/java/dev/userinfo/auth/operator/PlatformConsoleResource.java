package dev.userinfo.auth.operator;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The console's home and its platform views: seed 000's prompt audit, the deliveries, the signing keys (rotate), and
 * the three services' audit trails merged. Each view is one or three admin API calls with the operator's token.
 */
@Path("/operator")
@Tag(name = "Operator console")
public class PlatformConsoleResource {

    /** A filter field of a view's search form. */
    public record Field(String name, String label, String value) {
    }

    /** One read-only view: a table of the API's items, optional filters, an optional action button. */
    public record TablePage(Console.Frame frame, String view, String title, List<Field> filters, Table table,
                            String actionPath, String actionLabel) {
    }

    public record HomePage(Console.Frame frame) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance operator_home(HomePage page);

        static native TemplateInstance operator_table(TablePage page);
    }

    private final Console console;
    private final AdminApis apis;
    private final MergedAuditTrail audit;

    public PlatformConsoleResource(Console console, AdminApis apis, MergedAuditTrail audit) {
        this.console = console;
        this.apis = apis;
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Operator console home", description = "Links to every console page; operators and auditors only.")
    @APIResponse(responseCode = "200", description = "The home page")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page, which comes back here")
    @APIResponse(responseCode = "403", description = "Signed in without the operator or auditor platform role")
    public Uni<Response> home(@Context HttpHeaders headers) {
        return console.page(headers, "/operator", (operator, locale) -> Uni.createFrom().item(Console.render(200,
                Templates.operator_home(new HomePage(Console.frame(operator, null, List.of()))), locale)));
    }

    @GET
    @Path("prompts")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Seed 000's authorization prompts, newest first (auth-service GET /admin/prompts)")
    @APIResponse(responseCode = "200", description = "The prompts and their audit events")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "400", description = "The admin API refused the filter (its problem on the page)")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> prompts(@Context HttpHeaders headers, @QueryParam("client_id") String clientId,
                                 @QueryParam("user_id") String userId) {
        return console.page(headers, "/operator/prompts", (operator, locale) -> {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("page_size", "50");
            query.put("client_id", clientId);
            query.put("user_id", userId);
            OperatorText text = Console.text(locale);
            return apis.get(AdminApi.AUTH, "/admin/prompts", query, operator.token()).map(answer -> table(operator, locale,
                    "prompts", text.prompts_title(), List.of(new Field("client_id", text.client_id(), clientId),
                            new Field("user_id", text.user_id(), userId)), answer, Table.of(answer.items()), null, null));
        });
    }

    @GET
    @Path("deliveries")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "User and app event delivery per subscriber (auth-service GET /admin/deliveries)")
    @APIResponse(responseCode = "200", description = "Delivered against latest seq, attempts and last error per subscriber and feed")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> deliveries(@Context HttpHeaders headers) {
        return console.page(headers, "/operator/deliveries", (operator, locale) -> apis.get(AdminApi.AUTH,
                "/admin/deliveries", Map.of(), operator.token()).map(answer -> table(operator, locale, "deliveries",
                Console.text(locale).deliveries_title(), List.of(), answer, Table.of(answer.items()), null, null)));
    }

    @GET
    @Path("keys")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Signing keys and their status (auth-service GET /admin/keys), with the rotate button")
    @APIResponse(responseCode = "200", description = "The keys (never a private part)")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> keys(@Context HttpHeaders headers, @QueryParam("done") String done) {
        return console.page(headers, "/operator/keys", (operator, locale) -> keysPage(operator, locale,
                done == null ? null : Console.text(locale).keys_rotated(), null));
    }

    @POST
    @Path("keys/rotate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Rotate the signing key (auth-service POST /admin/keys/rotate)", description = "Form field csrf.")
    @APIResponse(responseCode = "303", description = "Rotated (or a rotation was already under way): back to the keys page")
    @APIResponse(responseCode = "400", description = "Malformed form")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): its problem on the page, nothing changed")
    @APIResponse(responseCode = "502", description = "auth-service's admin API did not answer")
    public Uni<Response> rotate(@Context HttpHeaders headers, byte[] body) {
        return console.form(headers, body, (operator, form, locale) -> apis.send(AdminApi.AUTH, HttpMethod.POST,
                "/admin/keys/rotate", null, operator.token()).chain(answer -> answer.ok()
                ? Uni.createFrom().item(dev.userinfo.auth.page.Pages.seeOther("/operator/keys?done=1"))
                : keysPage(operator, locale, null, answer)));
    }

    @GET
    @Path("audit")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The audit trails of the three services merged, newest first",
            description = "GET /admin/audit of auth-service and userinfo-service and GET /api/admin/audit of account-quota-service, "
                    + "filtered by actor, action and target.")
    @APIResponse(responseCode = "200", description = "The newest entries; a service that refused or did not answer is named on the page")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor")
    public Uni<Response> audit(@Context HttpHeaders headers, @QueryParam("actor") String actor,
                               @QueryParam("action") String action, @QueryParam("target") String target) {
        return console.page(headers, "/operator/audit", (operator, locale) -> audit.newest(operator.token(), actor, action, target)
                .map(merged -> {
                    OperatorText text = Console.text(locale);
                    JsonArray entries = new JsonArray(List.copyOf(merged.entries()));
                    Table table = Table.of(entries, List.of("at", "service", "actor", "action", "target", "before", "after"));
                    TablePage page = new TablePage(Console.frame(operator, null, merged.answers()), "audit", text.audit_title(),
                            List.of(new Field("actor", text.audit_actor(), actor), new Field("action", text.audit_action(), action),
                                    new Field("target", text.audit_target(), target)), table, null, null);
                    return Console.render(200, Templates.operator_table(page), locale);
                }));
    }

    private Uni<Response> keysPage(Console.Operator operator, Locale locale, String notice, ApiAnswer refused) {
        OperatorText text = Console.text(locale);
        return apis.get(AdminApi.AUTH, "/admin/keys", Map.of(), operator.token()).map(answer -> {
            List<ApiAnswer> answers = refused == null ? List.of(answer) : List.of(refused, answer);
            TablePage page = new TablePage(Console.frame(operator, notice, answers), "keys", text.keys_title(), List.of(),
                    Table.of(answer.items()), "/operator/keys/rotate", text.keys_rotate());
            return Console.render(Console.status(answers), Templates.operator_table(page), locale);
        });
    }

    private static Response table(Console.Operator operator, Locale locale, String view, String title, List<Field> filters,
                                  ApiAnswer answer, Table table, String actionPath, String actionLabel) {
        TablePage page = new TablePage(Console.frame(operator, null, List.of(answer)), view, title, filters, table,
                actionPath, actionLabel);
        return Console.render(Console.status(List.of(answer)), Templates.operator_table(page), locale);
    }
}
