package dev.userinfo.info.admin;

import dev.userinfo.contracts.admin.Page;
import dev.userinfo.contracts.admin.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Runs the admin stores' reads: one record by key, every row, or a page with the total. The stores write the SQL. */
@ApplicationScoped
public class AdminQueries {

    /** Page sizes of every userinfo admin list (README, "Admin API"): directories are read in bigger pages. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;

    private final Pool pool;

    public AdminQueries(Pool pool) {
        this.pool = pool;
    }

    /** One record, or empty. */
    public <T> Uni<Optional<T>> one(String sql, Tuple params, Function<Row, T> map) {
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(map.apply(it.next())) : Optional.empty();
        });
    }

    /** Every row of a query, in its own order. */
    public <T> Uni<List<T>> list(String sql, Tuple params, Function<Row, T> map) {
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<T> list = new ArrayList<>();
            rows.forEach(r -> list.add(map.apply(r)));
            return list;
        });
    }

    /**
     * A page: {@code count} counts every row, {@code items} (with {@code params}, then LIMIT and OFFSET as the next two
     * parameters) reads the page in its order.
     */
    public <T> Uni<Page<T>> page(String count, String items, List<Object> params, PageRequest request, Function<Row, T> map) {
        List<Object> withPage = new ArrayList<>(params);
        withPage.add(request.pageSize());
        withPage.add(request.offset());
        Uni<Long> total = pool.preparedQuery(count).execute(Tuple.from(params))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
        return Uni.combine().all().unis(list(items, Tuple.from(withPage), map), total).asTuple()
                .map(t -> Page.of(t.getItem1(), t.getItem2(), request));
    }
}
