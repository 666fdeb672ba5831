package dev.userinfo.auth.operator;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The users pages' data and rendering: the search (auth-service's admin API keyword) and one user with their
 * sessions and consents (auth-service), organisations (userinfo-service) and the forms that change them.
 */
@ApplicationScoped
public class UserViews {

    static final int SHOWN = 50;

    public record UserRow(long id, String login, String displayName, String email, String status) {
        public boolean active() {
            return "active".equals(status);
        }
    }

    public record Choice(String value, String label) {
    }

    public record MembershipRow(String org, String roles) {
    }

    public record SessionRow(String createdAt, String signedInAt, String expiresAt) {
    }

    public record ConsentRow(String clientId, String name, String scopes, String grantedAt) {
    }

    /** The create form's typed values (never the password) for the page that refuses them. */
    public record NewUser(String login, String displayName, String email) {
        static final NewUser EMPTY = new NewUser("", "", "");
    }

    public record UsersPage(Console.Frame frame, String keyword, List<UserRow> users, boolean searched, NewUser typed) {
    }

    public record UserPage(Console.Frame frame, UserRow user, String createdAt, String lastLoginAt,
                           List<MembershipRow> memberships, List<Choice> orgs, List<Choice> roles,
                           List<SessionRow> sessions, List<ConsentRow> consents) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance operator_users(UsersPage page);

        static native TemplateInstance operator_user(UserPage page);
    }

    private final AdminApis apis;

    public UserViews(AdminApis apis) {
        this.apis = apis;
    }

    /** The users whose id is {@code keyword} or whose login, display name or email contains it (any case). */
    public Uni<Response> users(Console.Operator operator, Locale locale, String keyword, String notice, ApiAnswer refused,
                               NewUser typed) {
        String k = keyword == null ? "" : keyword.strip();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page_size", Integer.toString(SHOWN));
        if (!k.isEmpty()) {
            query.put("keyword", k);   // the admin API refuses a bad keyword (400), shown like any refusal
        }
        return apis.get(AdminApi.AUTH, "/admin/users", query, operator.token()).map(found -> {
            List<UserRow> users = new ArrayList<>();
            found.items().forEach(item -> {
                if (item instanceof JsonObject user) {
                    users.add(row(user));
                }
            });
            List<ApiAnswer> answers = refused == null ? List.of(found) : List.of(refused, found);
            UsersPage page = new UsersPage(Console.frame(operator, notice, answers), k, users, !k.isEmpty(), typed);
            return Console.render(Console.status(answers), Templates.operator_users(page), locale);
        });
    }

    static UserRow row(JsonObject user) {
        return new UserRow(user.getLong("id", 0L), user.getString("login", ""), user.getString("display_name", ""),
                user.getString("email", ""), user.getString("status", ""));
    }

    /** One user: auth-service's record, sessions and consents, their organisations and the add-to-organisation choices. */
    public Uni<Response> user(Console.Operator operator, Locale locale, long id, String notice, ApiAnswer refused) {
        String token = operator.token();
        Map<String, String> all = Map.of("page_size", "500");
        return Uni.combine().all().unis(
                apis.get(AdminApi.AUTH, "/admin/users/" + id, Map.of(), token),
                apis.get(AdminApi.USERINFO, "/admin/profiles/" + id + "/orgs", Map.of(), token),
                apis.get(AdminApi.USERINFO, "/admin/orgs", all, token),
                apis.get(AdminApi.USERINFO, "/admin/roles", all, token),
                apis.get(AdminApi.AUTH, "/admin/users/" + id + "/sessions", Map.of(), token),
                apis.get(AdminApi.AUTH, "/admin/users/" + id + "/consents", Map.of(), token)).asTuple().map(answers -> {
                    ApiAnswer user = answers.getItem1();
                    Map<String, String> orgNames = names(answers.getItem3().items(), "org_id", "org_code", "org_name");
                    Map<String, String> roleNames = names(answers.getItem4().items(), "role_id", "role_code", "role_name");
                    List<ApiAnswer> shown = new ArrayList<>();
                    if (refused != null) {
                        shown.add(refused);
                    }
                    shown.addAll(List.of(user, answers.getItem2(), answers.getItem3(), answers.getItem4(),
                            answers.getItem5(), answers.getItem6()));
                    JsonObject u = user.object();
                    UserPage page = new UserPage(Console.frame(operator, notice, shown), user.ok() ? row(u) : null,
                            Table.cell(u.getValue("created_at")), Table.cell(u.getValue("last_login_at")),
                            memberships(answers.getItem2().items(), orgNames, roleNames), choices(orgNames), choices(roleNames),
                            sessions(answers.getItem5().items()), consents(answers.getItem6().items()));
                    int status = refused != null ? Console.status(List.of(refused)) : Console.status(List.of(user));
                    return Console.render(status, Templates.operator_user(page), locale);
                });
    }

    private static List<SessionRow> sessions(JsonArray items) {
        List<SessionRow> rows = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof JsonObject s) {
                rows.add(new SessionRow(Table.cell(s.getValue("created_at")), Table.cell(s.getValue("signed_in_at")),
                        Table.cell(s.getValue("expires_at"))));
            }
        }
        return rows;
    }

    private static List<ConsentRow> consents(JsonArray items) {
        List<ConsentRow> rows = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof JsonObject c) {
                String scopes = c.getValue("scopes") instanceof JsonArray granted
                        ? String.join(" ", granted.stream().map(Table::cell).toList()) : "";
                rows.add(new ConsentRow(Table.cell(c.getValue("client_id")), Table.cell(c.getValue("name")), scopes,
                        Table.cell(c.getValue("granted_at"))));
            }
        }
        return rows;
    }

    /** The role ids the user holds in {@code orgId} by userinfo-service's membership list (empty: not a member). */
    static JsonArray heldRoles(ApiAnswer memberships, long orgId) {
        for (Object item : memberships.items()) {
            if (item instanceof JsonObject m && m.getValue("org_id") instanceof Number org && org.longValue() == orgId
                    && m.getValue("role_ids") instanceof JsonArray roles) {
                return roles.copy();
            }
        }
        return new JsonArray();
    }

    /** id → "code – name" of organisations or roles. */
    static Map<String, String> names(JsonArray items, String id, String code, String name) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Object item : items) {
            if (item instanceof JsonObject o) {
                names.put(Table.cell(o.getValue(id)), Table.cell(o.getValue(code)) + " – " + Table.cell(o.getValue(name)));
            }
        }
        return names;
    }

    private static List<Choice> choices(Map<String, String> names) {
        return names.entrySet().stream().map(e -> new Choice(e.getKey(), e.getValue())).toList();
    }

    private static List<MembershipRow> memberships(JsonArray items, Map<String, String> orgs, Map<String, String> roles) {
        List<MembershipRow> rows = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof JsonObject m) {
                String org = Table.cell(m.getValue("org_id"));
                List<String> held = new ArrayList<>();
                if (m.getValue("role_ids") instanceof JsonArray ids) {
                    ids.forEach(r -> held.add(roles.getOrDefault(Table.cell(r), Table.cell(r))));
                }
                rows.add(new MembershipRow(orgs.getOrDefault(org, org), String.join(", ", held)));
            }
        }
        return rows;
    }
}
