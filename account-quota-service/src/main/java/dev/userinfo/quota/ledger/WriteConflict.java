package dev.userinfo.quota.ledger;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A transaction that lost a race it can win on a second try: an idempotency key claimed by a concurrent
 * transaction after our read (the unique index made our insert conflict), or a deadlock between writers.
 */
final class WriteConflict extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(WriteConflict.class);
    private static final int ATTEMPTS = 5;

    WriteConflict() {
        super(null, null, false, false);
    }

    static boolean retryable(Throwable t) {
        return t instanceof WriteConflict
                || t instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState())
                        // unique_violation on the ledger's idempotency index: a concurrent writer claimed the key.
                        || "23505".equals(pg.getSqlState()) && "ledger_idempotency".equals(pg.getConstraint()));
    }

    /** Runs the transaction again (it was rolled back) while it fails retryably; the next read sees the winner. */
    static <T> Uni<T> retrying(Supplier<Uni<T>> transaction) {
        return Uni.createFrom().<T>deferred(transaction::get)
                .onFailure(WriteConflict::retryable).invoke(t -> LOG.debugf("Write conflict, running the transaction again: %s",
                        t instanceof PgException pg ? pg.getSqlState() + " " + pg.getConstraint() : "key claimed meanwhile"))
                .onFailure(WriteConflict::retryable).retry().atMost(ATTEMPTS - 1)
                .onFailure(WriteConflict::retryable).transform(t -> QuotaErrors.busy());
    }
}
