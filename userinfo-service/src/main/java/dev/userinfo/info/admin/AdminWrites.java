package dev.userinfo.info.admin;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.info.profile.ChangeFeed;
import dev.userinfo.info.profile.UserDirectory;
import dev.userinfo.jwt.admin.CurrentAdminCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs admin writes in one transaction and keeps every pod's user cache right: the touched users (or everyone)
 * are announced inside the transaction and dropped on this pod after the commit. The changes are recorded in the audit
 * trail in that same transaction, with the caller the admin guard admitted as actor (issue #18).
 */
@ApplicationScoped
public class AdminWrites {

    private final Pool pool;
    private final ChangeFeed feed;
    private final UserDirectory directory;
    private final AuditTrail audit;
    private final CurrentAdminCaller caller;

    public AdminWrites(Pool pool, ChangeFeed feed, UserDirectory directory, AuditTrail audit, CurrentAdminCaller caller) {
        this.pool = pool;
        this.feed = feed;
        this.directory = directory;
        this.audit = audit;
        this.caller = caller;
    }

    /** Runs {@code work} as the admitted caller; call it from the resource method, where the request is in scope. */
    public <T> Uni<T> write(BiFunction<SqlConnection, Touched, Uni<T>> work) {
        String actor = caller.actor();
        Touched touched = new Touched();
        return pool.withTransaction(tx -> work.apply(tx, touched)
                        .call(ignored -> audit.record(tx, actor, touched.changes()))
                        .call(ignored -> touched.all() ? feed.announceAll(tx) : feed.announce(tx, touched.users())))
                .invoke(() -> {
                    if (touched.all()) {
                        directory.invalidateAll();
                    } else {
                        directory.invalidate(touched.users());
                    }
                })
                .onFailure(PgException.class).transform(AdminWrites::translate);
    }

    /** One statement of a store's write, its integrity violations said plainly. */
    public static Uni<Void> run(SqlClient tx, String sql, Tuple params) {
        return tx.preparedQuery(sql).execute(params).replaceWithVoid().onFailure(PgException.class).transform(AdminWrites::translate);
    }

    /** The record as it is before a write, read on the write's transaction (its SQL locks the row: FOR UPDATE). */
    public static <T> Uni<Optional<T>> before(SqlClient tx, String sql, Tuple params, Function<Row, T> map) {
        return tx.preparedQuery(sql).execute(params).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(map.apply(it.next())) : Optional.<T>empty();
        });
    }

    /** A delete's answer: 204, or 404 when there was nothing to delete. */
    public static Response deleted(boolean found, String what) {
        if (!found) {
            throw AdminProblem.notFound("no " + what);
        }
        return Response.noContent().build();
    }

    /** Integrity violations are the admin's mistake, said plainly; anything else stays a server error. */
    public static Throwable translate(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            return switch (pg.getSqlState()) {
                case "23505" -> AdminProblem.conflict("a record with that code or client_id already exists");
                case "23503" -> AdminProblem.notFound("a referenced user, organisation, role, app or group does not exist");
                case "23514" -> AdminProblem.invalid("a value is out of its allowed range");
                case "22P02", "22003" -> AdminProblem.invalid("a value is not of the expected type or range");
                default -> failure;
            };
        }
        return failure;
    }
}
