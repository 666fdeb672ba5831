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
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Quota accounts in the console (account-quota-service): search, one account with its ledger (newest first), and an
 * adjustment by a signed delta with a reason, ledgered by that service with the operator as actor.
 */
@Path("/operator/quota")
@Tag(name = "Operator console")
public class QuotaConsoleResource {

    static final Pattern DELTA = Pattern.compile("[+-]?[0-9]{1,16}");
    static final List<String> ACCOUNT_COLUMNS = List.of("id", "username", "display_name", "email", "status", "group",
            "quota", "used_quota", "request_count", "admin_disabled");

    public record AccountsPage(Console.Frame frame, String keyword, Table accounts, List<String> ids) {
    }

    /** {@code account} is null when the service did not find it; {@code delta} and {@code reason} keep a refused form. */
    public record AccountPage(Console.Frame frame, long id, Table account, Table ledger, String delta, String reason) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance operator_quota(AccountsPage page);

        static native TemplateInstance operator_account(AccountPage page);
    }

    private final Console console;
    private final AdminApis apis;

    public QuotaConsoleResource(Console console, AdminApis apis) {
        this.console = console;
        this.apis = apis;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Find quota accounts (account-quota-service GET /api/admin/accounts?keyword=)")
    @APIResponse(responseCode = "200", description = "The matching accounts, newest first")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "400", description = "A keyword the admin API refuses")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "502", description = "account-quota-service's admin API did not answer")
    public Uni<Response> accounts(@Context HttpHeaders headers, @QueryParam("q") String keyword) {
        return console.page(headers, "/operator/quota", (operator, locale) -> {
            String k = keyword == null ? "" : keyword.strip();
            return apis.get(AdminApi.QUOTA, "/api/admin/accounts", query(k), operator.token()).map(answer -> {
                List<String> ids = new ArrayList<>();
                answer.items().forEach(a -> ids.add(a instanceof JsonObject o ? Table.cell(o.getValue("id")) : ""));
                AccountsPage page = new AccountsPage(Console.frame(operator, null, List.of(answer)), k,
                        Table.of(answer.items(), ACCOUNT_COLUMNS), ids);
                return Console.render(Console.status(List.of(answer)), Templates.operator_quota(page), locale);
            });
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "One account and its ledger, newest first (GET /api/admin/accounts?keyword=<id>, GET /api/quota/ledger?user_id=<id>)")
    @APIResponse(responseCode = "200", description = "The account and its ledger")
    @APIResponse(responseCode = "303", description = "Not signed in: to the login page")
    @APIResponse(responseCode = "403", description = "Not an operator or auditor, or the admin API refused the console token")
    @APIResponse(responseCode = "404", description = "No such account")
    @APIResponse(responseCode = "502", description = "account-quota-service's admin API did not answer")
    public Uni<Response> account(@Context HttpHeaders headers, @PathParam("id") String id, @QueryParam("done") String done) {
        return console.page(headers, "/operator/quota/" + (Console.ID.matcher(id).matches() ? id : ""), (operator, locale) ->
                !Console.ID.matcher(id).matches() ? Uni.createFrom().item(Console.notFound(locale))
                        : render(operator, locale, Long.parseLong(id), done == null ? null : Console.text(locale).done_adjusted(),
                        null, "", ""));
    }

    @POST
    @Path("{id}/adjust")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Adjust an account's quota (account-quota-service POST /api/admin/accounts/{id}/quota)",
            description = "Form fields csrf, delta (a signed whole number, not 0), reason.")
    @APIResponse(responseCode = "303", description = "Adjusted: back to the account, whose ledger shows the row")
    @APIResponse(responseCode = "400", description = "Malformed form, a delta that is not a non-zero whole number, no reason")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "CSRF, no operator role, or the admin API refused (an auditor): nothing changed")
    @APIResponse(responseCode = "404", description = "No such account")
    @APIResponse(responseCode = "409", description = "The balance would go below zero")
    @APIResponse(responseCode = "502", description = "account-quota-service's admin API did not answer")
    public Uni<Response> adjust(@Context HttpHeaders headers, @PathParam("id") String id, byte[] body) {
        return console.form(headers, body, (operator, form, locale) -> {
            if (!Console.ID.matcher(id).matches()) {
                return Uni.createFrom().item(Console.notFound(locale));
            }
            long account = Long.parseLong(id);
            String delta = Console.field(form, "delta");
            String reason = Console.field(form, "reason");
            if (!DELTA.matcher(delta).matches() || Long.parseLong(delta) == 0 || reason.isEmpty()) {
                return render(operator, locale, account, null, new ApiAnswer(AdminApi.QUOTA, 400, null, "invalid_request",
                        Console.text(locale).quota_adjust_invalid()), delta, reason);
            }
            JsonObject adjustment = new JsonObject().put("delta", Long.parseLong(delta)).put("reason", reason);
            return apis.send(AdminApi.QUOTA, HttpMethod.POST, "/api/admin/accounts/" + id + "/quota", adjustment, operator.token())
                    .chain(answer -> answer.ok() ? Uni.createFrom().item(Pages.seeOther("/operator/quota/" + id + "?done=1"))
                            : render(operator, locale, account, null, answer, delta, reason));
        });
    }

    private Uni<Response> render(Console.Operator operator, Locale locale, long id, String notice, ApiAnswer refused,
                                 String delta, String reason) {
        Map<String, String> ledgerQuery = new LinkedHashMap<>();
        ledgerQuery.put("user_id", Long.toString(id));
        ledgerQuery.put("page_size", "50");
        return Uni.combine().all().unis(
                apis.get(AdminApi.QUOTA, "/api/admin/accounts", query(Long.toString(id)), operator.token()),
                apis.get(AdminApi.QUOTA, "/api/quota/ledger", ledgerQuery, operator.token())).asTuple().map(answers -> {
                    JsonArray match = new JsonArray();
                    answers.getItem1().items().forEach(a -> {
                        if (a instanceof JsonObject o && o.getValue("id") instanceof Number n && n.longValue() == id) {
                            match.add(o);
                        }
                    });
                    List<ApiAnswer> shown = new ArrayList<>();
                    if (refused != null) {
                        shown.add(refused);
                    }
                    shown.add(answers.getItem1());
                    shown.add(answers.getItem2());
                    AccountPage page = new AccountPage(Console.frame(operator, notice, shown), id,
                            match.isEmpty() ? null : Table.of(match, ACCOUNT_COLUMNS),
                            Table.of(answers.getItem2().items(), List.of("ledger_id", "created_at", "kind", "amount",
                                    "quota_delta", "quota", "actor", "reason")), delta, reason);
                    int status = refused != null ? Console.status(List.of(refused))
                            : answers.getItem1().ok() && match.isEmpty() ? 404 : Console.status(List.of(answers.getItem1()));
                    return Console.render(status, Templates.operator_account(page), locale);
                });
    }

    private static Map<String, String> query(String keyword) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("keyword", keyword);
        query.put("page_size", "50");
        return query;
    }
}
