package dev.userinfo.bench.data;

import java.sql.Connection;

/**
 * A part of the dataset written with COPY where only the volume matters (issue #19), in one transaction with its
 * {@code bench.dataset_part} row: it is there whole or not at all.
 */
interface CopyPart {

    /** The part's name in bench.dataset_part and in progress lines. */
    String name();

    /** Writes the part on {@code tx} (not committed); returns its figures, e.g. {@code rows=10000}. */
    String write(Connection tx, ScaleData data) throws Exception;

    /** Runs {@code part} unless it is finished already; returns its figures either way. */
    static String run(Connection db, Dataset dataset, CopyPart part, ScaleData data) throws Exception {
        java.util.Optional<String> done = dataset.part(part.name());
        if (done.isPresent()) {
            return done.get();
        }
        long start = System.nanoTime();
        db.setAutoCommit(false);
        try {
            String figures = part.write(db, data);
            double seconds = Progress.since(start);
            Dataset.partDone(db, part.name(), figures, seconds);
            db.commit();
            Progress.say("%s: %s in %s s", part.name(), figures, Progress.seconds(seconds));
            return figures;
        } catch (Exception e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }
}
