package dev.userinfo.info.admin.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.info.admin.AdminWrites;
import dev.userinfo.info.admin.Touched;
import dev.userinfo.info.admin.app.AppAccess;
import dev.userinfo.info.admin.app.AppStore;
import dev.userinfo.info.admin.app.Group;
import dev.userinfo.info.admin.app.GroupMember;
import dev.userinfo.info.admin.org.Org;
import dev.userinfo.info.admin.org.OrgStore;
import dev.userinfo.info.admin.org.Role;
import dev.userinfo.info.admin.profile.Membership;
import dev.userinfo.info.admin.profile.ProfilePatch;
import dev.userinfo.info.admin.profile.ProfileStore;
import dev.userinfo.jwt.admin.AdminApi;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk import, JSON Lines: one object a line with {@code "type"} = org, role, app, group, membership,
 * group_member or profile and that record's admin fields (an app line sets only {@code directory_access} of an
 * app auth-service announced: apps are registered there, docs/internal-contracts.md §5). All lines in one transaction: either every line is
 * stored (upserts, so a re-import is harmless) or none, and the answer names the first bad line.
 */
@Path("/admin/import")
@AdminApi
@Tag(name = "Admin")
@SecurityRequirements({@SecurityRequirement(name = AdminApi.ADMIN_TOKEN_SCHEME), @SecurityRequirement(name = AdminApi.OPERATOR_SCHEME)})
public class ImportResource {

    /** How many records of each type were stored. */
    @RegisterForReflection
    public record Imported(int lines, Map<String, Integer> stored) {
    }

    static final int MAX_LINES = 20_000;

    private final OrgStore orgs;
    private final AppStore apps;
    private final ProfileStore profiles;
    private final AdminWrites writes;
    private final ObjectMapper json;

    public ImportResource(OrgStore orgs, AppStore apps, ProfileStore profiles, AdminWrites writes, ObjectMapper json) {
        this.orgs = orgs;
        this.apps = apps;
        this.profiles = profiles;
        this.writes = writes;
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    private record Line(int number, String type, Object record) {
    }

    @POST
    @Consumes({"application/x-ndjson", "application/jsonl", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import organisations, roles, apps, groups, memberships and profile fields from JSON Lines, all or nothing")
    @APIResponse(responseCode = "200", description = "{lines, stored: {type: count}}")
    @APIResponse(responseCode = "400", description = "A line that is not a valid record (its number is in detail); nothing stored")
    @APIResponse(responseCode = "401", description = AdminApi.UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = AdminApi.WRITE_FORBIDDEN)
    @APIResponse(responseCode = "404", description = "A line refers to a missing user, organisation, role, app or group; nothing stored")
    @APIResponse(responseCode = "409", description = "A line clashes with a code or client_id; nothing stored")
    @APIResponse(responseCode = "415", description = "Not application/x-ndjson")
    public Uni<Imported> importLines(String body) {
        List<Line> lines = parse(body == null ? "" : body);
        Map<String, Integer> stored = new LinkedHashMap<>();
        lines.forEach(l -> stored.merge(l.type(), 1, Integer::sum));
        Imported imported = new Imported(lines.size(), stored);
        // Each line's change is in the audit trail under its own action; this entry says they came as one import.
        return writes.write((tx, touched) -> apply(tx, lines, 0, touched)
                        .invoke(() -> touched.changed("import.run", "import", null, imported)))
                .replaceWith(imported);
    }

    private List<Line> parse(String body) {
        List<Line> lines = new ArrayList<>();
        String[] raw = body.split("\r?\n", -1);
        if (raw.length > MAX_LINES + 1) {
            throw AdminProblem.invalid("at most " + MAX_LINES + " lines per import");
        }
        for (int i = 0; i < raw.length; i++) {
            String text = raw[i].trim();
            if (text.isEmpty()) {
                continue;
            }
            int number = i + 1;
            try {
                JsonNode node = json.readTree(text);
                if (!(node instanceof ObjectNode object) || !object.path("type").isTextual()) {
                    throw AdminProblem.invalid("line " + number + ": an object with a \"type\" is required");
                }
                String type = object.remove("type").asText();
                Class<?> shape = switch (type) {
                    case "org" -> Org.class;
                    case "role" -> Role.class;
                    case "app" -> AppAccess.class;
                    case "group" -> Group.class;
                    case "membership" -> Membership.class;
                    case "group_member" -> GroupMember.class;
                    case "profile" -> ProfilePatch.class;
                    default -> throw AdminProblem.invalid("line " + number + ": unknown type " + type.substring(0, Math.min(40, type.length())));
                };
                lines.add(new Line(number, type, json.treeToValue(object, shape)));
            } catch (JsonProcessingException e) {
                throw AdminProblem.invalid("line " + number + ": not a valid record of its type");
            }
        }
        if (lines.isEmpty()) {
            throw AdminProblem.invalid("no records to import");
        }
        return lines;
    }

    private Uni<Void> apply(SqlConnection tx, List<Line> lines, int index, Touched touched) {
        if (index == lines.size()) {
            return Uni.createFrom().voidItem();
        }
        Line line = lines.get(index);
        Uni<?> step;
        try {
            Object r = line.record();
            if (r instanceof Org org) {
                step = orgs.upsertOrg(tx, org, touched);
            } else if (r instanceof Role role) {
                step = orgs.upsertRole(tx, role, touched);
            } else if (r instanceof AppAccess access) {
                step = apps.setAccess(tx, access, touched);
            } else if (r instanceof Group group) {
                step = apps.upsertGroup(tx, group, touched);
            } else if (r instanceof Membership m) {
                step = profiles.putMembership(tx, m, touched);
            } else if (r instanceof GroupMember m) {
                step = apps.addGroupMember(tx, m, touched);
            } else {
                ProfilePatch p = (ProfilePatch) r;
                step = profiles.patchProfile(tx, p, touched).invoke(found -> {
                    if (!found) {
                        throw AdminProblem.notFound("no user " + p.user_id());
                    }
                });
            }
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(atLine(line, e));
        }
        return step.onFailure().transform(e -> atLine(line, AdminWrites.translate(e)))
                .flatMap(ignored -> apply(tx, lines, index + 1, touched));
    }

    private static Throwable atLine(Line line, Throwable failure) {
        if (failure instanceof AdminProblem problem && !problem.getMessage().startsWith("line ")) {
            return problem.prefixed("line " + line.number() + ": ");
        }
        return failure;
    }
}
