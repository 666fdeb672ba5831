package dev.userinfo.info.admin;

import dev.userinfo.info.profile.ChangeFeed;
import dev.userinfo.info.profile.UserDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiFunction;

/**
 * Runs admin writes in one transaction and keeps every pod's user cache right: the touched users (or everyone)
 * are announced inside the transaction and dropped on this pod after the commit.
 */
@ApplicationScoped
public class AdminWrites {

    private final Pool pool;
    private final ChangeFeed feed;
    private final UserDirectory directory;

    public AdminWrites(Pool pool, ChangeFeed feed, UserDirectory directory) {
        this.pool = pool;
        this.feed = feed;
        this.directory = directory;
    }

    public <T> Uni<T> write(BiFunction<SqlConnection, DirectoryAdmin.Touched, Uni<T>> work) {
        DirectoryAdmin.Touched touched = new DirectoryAdmin.Touched();
        return pool.withTransaction(tx -> work.apply(tx, touched)
                        .call(ignored -> touched.all() ? feed.announceAll(tx) : feed.announce(tx, touched.users())))
                .invoke(() -> {
                    if (touched.all()) {
                        directory.invalidateAll();
                    } else {
                        directory.invalidate(touched.users());
                    }
                })
                .onFailure(io.vertx.pgclient.PgException.class).transform(DirectoryAdmin::translate);
    }
}
