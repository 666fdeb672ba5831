package dev.userinfo.auth.user;

import dev.userinfo.auth.audit.AuditTrail;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The insert of an import that {@link UserDirectory} has checked: every user, its {@code user.created} outbox row and
 * its {@code user.create} audit row with one statement each, in one transaction (issue #19: an entity persist per
 * user could not import 5,000 users/s). Observers hear of the users through {@link UserChangeObserver#imported}.
 */
@ApplicationScoped
public class UserImport {

    // unnest keeps the arrays' order; ids come from app_user's identity as for a single create.
    private static final String INSERT = """
            INSERT INTO auth.app_user (login, display_name, email, phone, password_hash, status)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
            RETURNING id, login, display_name, email, phone, status, version, created_at, updated_at""";

    private final Pool pool;
    private final List<UserChangeObserver> observers;
    private final AuditTrail audit;

    public UserImport(Pool pool, @All List<UserChangeObserver> observers, AuditTrail audit) {
        this.pool = pool;
        this.observers = List.copyOf(observers);
        this.audit = audit;
    }

    /** A login or email was taken between the check and the insert: nothing of the import committed. */
    public static final class Taken extends RuntimeException {
        Taken() {
            super("a login or email was taken meanwhile", null, false, false);
        }
    }

    /**
     * Inserts {@code inputs} (already valid) with their password hashes, in input order; {@code actor} null: not
     * audited. Fails with {@link Taken} when a unique index refuses a row.
     */
    Uni<List<User>> insert(String actor, List<UserInput> inputs, List<String> hashes) {
        int n = inputs.size();
        String[] logins = new String[n];
        String[] names = new String[n];
        String[] emails = new String[n];
        String[] phones = new String[n];
        String[] statuses = new String[n];
        for (int i = 0; i < n; i++) {
            UserInput input = inputs.get(i);
            logins[i] = input.login();
            names[i] = UserRules.blankToNull(input.displayName());
            emails[i] = UserRules.blankToNull(input.email());
            phones[i] = UserRules.blankToNull(input.phone());
            statuses[i] = input.status() == null ? User.ACTIVE : input.status();
        }
        Tuple arrays = Tuple.tuple(List.<Object>of(logins, names, emails, phones, hashes.toArray(String[]::new), statuses));
        return pool.withTransaction(tx -> tx.preparedQuery(INSERT).execute(arrays)
                        .map(rows -> inOrder(rows, logins))
                        .call(users -> tell(tx, users))
                        .call(users -> actor == null ? Uni.createFrom().voidItem()
                                : audit.recordAll(tx, actor, "user.create", users.stream().map(u -> "user:" + u.id).toList(),
                                        users.stream().map(UserView::of).toList())))
                .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()))
                .transform(e -> new Taken());
    }

    private Uni<Void> tell(SqlClient tx, List<User> users) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UserChangeObserver observer : observers) {
            chain = chain.chain(() -> observer.imported(tx, users));
        }
        return chain;
    }

    /** The inserted rows as users, in the order of {@code logins} (unique ignoring case). */
    private static List<User> inOrder(RowSet<Row> rows, String[] logins) {
        Map<String, User> byLogin = new HashMap<>();
        for (Row row : rows) {
            User user = new User();
            user.id = row.getLong("id");
            user.login = row.getString("login");
            user.displayName = row.getString("display_name");
            user.email = row.getString("email");
            user.phone = row.getString("phone");
            user.status = row.getString("status");
            user.version = row.getLong("version");
            user.createdAt = row.getOffsetDateTime("created_at").toInstant();
            user.updatedAt = row.getOffsetDateTime("updated_at").toInstant();
            byLogin.put(user.login.toLowerCase(Locale.ROOT), user);
        }
        List<User> users = new ArrayList<>(logins.length);
        for (String login : logins) {
            users.add(byLogin.get(login.toLowerCase(Locale.ROOT)));
        }
        return users;
    }
}
