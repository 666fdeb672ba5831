package dev.userinfo.auth.user;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.userinfo.auth.admin.AdminActor;
import dev.userinfo.auth.admin.AdminApi;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Admin API for users: create, read, change, disable, enable, delete, list, a JSON Lines import, and the platform role.
 * Every write is recorded in the audit trail with the request's {@link AdminActor}.
 */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = AdminApi.STATIC_SCHEME)
@SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)
public class UserAdminResource {

    /** Lines per import request: each costs one argon2id hash unless it carries password_hash. */
    static final int MAX_IMPORT_LINES = 1000;

    /** Result of an import: how many users were created. */
    @RegisterForReflection
    public record ImportResult(int created, List<UserView> users) {
    }

    private final UserDirectory users;
    private final PasswordHasher passwords;
    private final ObjectReader strictInput;
    private final AdminActor actor;

    public UserAdminResource(UserDirectory users, PasswordHasher passwords, ObjectMapper json, AdminActor actor) {
        this.users = users;
        this.passwords = passwords;
        this.actor = actor;
        this.strictInput = json.readerFor(UserInput.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user", description = "The password is hashed with argon2id and never returned.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid login, password, email, phone, display_name or status, or a password_hash (taken only by the import)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "409", description = "Login or email already taken")
    @APIResponse(responseCode = "415", description = "Body is not JSON")
    @APIResponse(responseCode = "503", description = "Every password hasher stayed busy: nothing changed; retry after Retry-After seconds")
    public Uni<Response> create(UserInput input) {
        return users.create(actor.name(), input).map(u -> Response.status(Response.Status.CREATED).entity(UserView.of(u)).build());
    }

    @GET
    @Operation(summary = "List or search users, by id", description = "Optional keyword (issue #18): the user with that id, "
            + "or those whose login, display name or email contains it, ignoring case.")
    @APIResponse(responseCode = "200", description = "{items, total, page, page_size}; page from 1, page_size 1 to 100 (default 20)")
    @APIResponse(responseCode = "400", description = "page or page_size not a whole number in range, or keyword over 100 characters or with control characters (problem+json)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential (problem+json)")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    public Uni<Response> list(@QueryParam("keyword") String keyword, @QueryParam("page") String page,
                              @QueryParam("page_size") String pageSize) {
        String checked = UserRules.keyword(keyword);
        PageRequest request = PageRequest.of(page, pageSize);
        return users.search(checked, request).map(list -> Response.ok(list.map(UserView::of)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:read (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Response> get(@PathParam("id") String id) {
        long userId = id(id);
        if (userId < 0) {
            return Uni.createFrom().item(notFound());
        }
        return users.find(userId).map(u -> u == null ? notFound() : Response.ok(UserView.of(u)).build());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user", description = "Fields absent from the body stay as they are; status active or disabled. "
            + "A new password ends the user's sessions and refresh token families (their access tokens too); consents and personal access tokens stay.")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "Login or email already taken")
    @APIResponse(responseCode = "415", description = "Body is not JSON")
    @APIResponse(responseCode = "503", description = "Every password hasher stayed busy: nothing changed; retry after Retry-After seconds")
    public Uni<Response> update(@PathParam("id") String id, UserInput input) {
        long userId = id(id);
        if (userId < 0) {
            return Uni.createFrom().item(notFound());
        }
        return users.update(actor.name(), userId, input).map(u -> Response.ok(UserView.of(u)).build());
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable a user", description = "Revokes every grant and token of the user; resource services refuse them within a second.")
    @APIResponse(responseCode = "200", description = "Disabled (or already was)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Response> disable(@PathParam("id") String id) {
        return status(id, User.DISABLED);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Enable a disabled user")
    @APIResponse(responseCode = "200", description = "Enabled (or already was)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Response> enable(@PathParam("id") String id) {
        return status(id, User.ACTIVE);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a user", description = "Revokes everything the user holds and tells the other services.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Response> delete(@PathParam("id") String id) {
        long userId = id(id);
        if (userId < 0) {
            return Uni.createFrom().item(notFound());
        }
        return users.delete(actor.name(), userId).replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/{id}/platform-role")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set or remove a user's platform role",
            description = "Body {\"platform_role\": \"operator\" | \"auditor\" | null} (issue #18): an operator may hold "
                    + "admin:read and admin:write, an auditor admin:read, anyone else neither. A change revokes every token "
                    + "the user holds (resource services refuse them within a second); the same role again changes nothing.")
    @APIResponse(responseCode = "200", description = "The user, with platform_role")
    @APIResponse(responseCode = "400", description = "Body is not {\"platform_role\": operator, auditor or null}")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "415", description = "Body is not JSON")
    public Uni<Response> platformRole(@PathParam("id") String id, JsonNode body) {
        long userId = id(id);
        if (userId < 0) {
            return Uni.createFrom().item(notFound());
        }
        // The field must be there: an empty object must not silently remove a role.
        JsonNode role = body == null || !body.isObject() || body.size() != 1 ? null : body.get("platform_role");
        if (role == null || !(role.isNull() || role.isTextual())) {
            return Uni.createFrom().item(error(400, "invalid_request", "body must be {\"platform_role\": \"operator\", \"auditor\" or null}"));
        }
        return users.setPlatformRole(actor.name(), userId, role.isNull() ? null : role.asText())
                .map(u -> Response.ok(UserView.of(u)).build());
    }

    @POST
    @Path("/import")
    @Consumes({"application/x-ndjson", "application/jsonl", "application/json-lines"})
    @Operation(summary = "Import users from JSON Lines",
            description = "One user object per line (the create body). Instead of password a line may carry password_hash, an "
                    + "argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash, parameters within auth.passwords.imported), "
                    + "stored as given and never returned (issue #19); both on one line is refused. All lines are checked "
                    + "first; any bad line refuses the whole import and changes nothing. At most 1000 lines.")
    @APIResponse(responseCode = "201", description = "Every line imported")
    @APIResponse(responseCode = "400", description = "Malformed or invalid lines, each listed (a malformed or too costly password_hash, or both password and password_hash)")
    @APIResponse(responseCode = "401", description = "Missing or invalid admin credential")
    @APIResponse(responseCode = "403", description = "A valid token without admin:write (insufficient_scope): nothing changed")
    @APIResponse(responseCode = "409", description = "A login or email already taken, each listed")
    @APIResponse(responseCode = "415", description = "Body is not JSON Lines")
    @APIResponse(responseCode = "503", description = "Every password hasher stayed busy: nothing changed; retry after Retry-After seconds")
    public Uni<Response> importLines(byte[] body) {
        List<UserInput> inputs = new ArrayList<>();
        List<UserImportRefused.Line> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body == null ? new byte[0] : body)).toString();
        } catch (CharacterCodingException e) {
            return Uni.createFrom().item(error(400, "invalid_request", "body is not UTF-8"));
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (inputs.size() + problems.size() == MAX_IMPORT_LINES) {
                return Uni.createFrom().item(error(400, "invalid_request", "at most " + MAX_IMPORT_LINES + " lines per import"));
            }
            try {
                inputs.add(strictInput.readValue(lines[i]));
            } catch (IOException e) {
                problems.add(new UserImportRefused.Line(i + 1, "not a user object: " + ProblemText.of(e)));
            }
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().item(importRefused(400, "invalid_request", problems));
        }
        if (inputs.isEmpty()) {
            return Uni.createFrom().item(error(400, "invalid_request", "the import has no lines"));
        }
        return users.importUsers(actor.name(), inputs).map(created -> Response.status(Response.Status.CREATED)
                .entity(new ImportResult(created.size(), created.stream().map(UserView::of).toList())).build());
    }

    @ServerExceptionMapper
    public Response refused(AdminProblem e) {
        if (e.status() == 503) {
            // RFC 9110 §15.6.4: the password hasher is at its bound; say when to come back.
            return Response.fromResponse(e.response())
                    .header(jakarta.ws.rs.core.HttpHeaders.RETRY_AFTER, passwords.retryAfterSeconds()).build();
        }
        return e.response();
    }

    @ServerExceptionMapper
    public Response refusedImport(UserImportRefused e) {
        boolean conflict = e.problems().stream().allMatch(p -> p.error().contains("taken") || p.error().contains("twice"));
        return importRefused(conflict ? 409 : 400, conflict ? "conflict" : "invalid_request", e.problems());
    }

    /** A refused import: the admin problem with every bad line, numbered from 1, as the extension member {@code lines}. */
    private static Response importRefused(int status, String code, List<UserImportRefused.Line> problems) {
        JsonArray lines = new JsonArray();
        problems.forEach(p -> lines.add(new JsonObject().put("line", p.line()).put("error", p.error())));
        return new AdminProblem(status, code, "nothing imported").response(new JsonObject().put("lines", lines));
    }

    private Uni<Response> status(String id, String status) {
        long userId = id(id);
        if (userId < 0) {
            return Uni.createFrom().item(notFound());
        }
        return users.setStatus(actor.name(), userId, status).map(u -> Response.ok(UserView.of(u)).build());
    }

    /** A path id as a user id, or -1 when it cannot be one (so the answer is 404, not a parse error). */
    public static long id(String id) {
        try {
            long value = Long.parseLong(id);
            return value > 0 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static Response notFound() {
        return error(404, "not_found", "no such user");
    }

    private static Response error(int status, String code, String message) {
        return new AdminProblem(status, code, message).response();
    }

    /** A Jackson failure in a sentence, without echoing the input (it may hold a password). */
    static final class ProblemText {
        static String of(IOException e) {
            if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
                return "unknown field " + u.getPropertyName();
            }
            if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && !m.getPath().isEmpty()) {
                return "wrong type for " + m.getPath().get(0).getFieldName();
            }
            return "malformed JSON";
        }
    }
}
