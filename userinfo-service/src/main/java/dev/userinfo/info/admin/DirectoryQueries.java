package dev.userinfo.info.admin;

import dev.userinfo.info.admin.AdminRecords.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The admin reads: one record by key, or a page in key order with the total. */
@ApplicationScoped
public class DirectoryQueries {

    static final String PROFILE_COLUMNS = """
            user_id, account, display_name, nickname, avatar_url, gender, email, phone, host(last_login_ip) AS ip, status,
            version, chat_duration_seconds""";

    private final Pool pool;

    public DirectoryQueries(Pool pool) {
        this.pool = pool;
    }

    static AdminRecords.Profile profile(Row r) {
        return new AdminRecords.Profile(r.getLong("user_id"), r.getString("account"), r.getString("display_name"),
                r.getString("nickname"), r.getString("avatar_url"), r.getInteger("gender"), r.getString("email"),
                r.getString("phone"), r.getString("ip"), r.getString("status"), r.getLong("version"),
                r.getLong("chat_duration_seconds"));
    }

    static AdminRecords.Org org(Row r) {
        return new AdminRecords.Org(r.getLong("org_id"), r.getString("org_code"), r.getString("org_name"));
    }

    static AdminRecords.Role role(Row r) {
        return new AdminRecords.Role(r.getLong("role_id"), r.getString("role_code"), r.getString("role_name"));
    }

    static AdminRecords.App app(Row r) {
        return new AdminRecords.App(r.getLong("app_id"), r.getString("client_id"), r.getBoolean("directory_access"));
    }

    static AdminRecords.Group group(Row r) {
        return new AdminRecords.Group(r.getLong("app_id"), r.getInteger("group_id"), r.getString("name"));
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

    /** A page of {@code from} (a FROM ... WHERE clause with $1.. params), ordered by {@code order}. */
    public <T> Uni<Page<T>> page(String select, String from, String order, List<Object> params, Paging paging, Function<Row, T> map) {
        int n = params.size();
        List<Object> withPage = new ArrayList<>(params);
        withPage.add(paging.limit());
        withPage.add(paging.offset());
        Uni<Long> total = pool.preparedQuery("SELECT count(*) " + from).execute(Tuple.from(params))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
        Uni<List<T>> items = pool.preparedQuery("SELECT " + select + " " + from + " ORDER BY " + order
                        + " LIMIT $" + (n + 1) + " OFFSET $" + (n + 2))
                .execute(Tuple.from(withPage)).map(rows -> {
                    List<T> list = new ArrayList<>();
                    rows.forEach(r -> list.add(map.apply(r)));
                    return list;
                });
        return Uni.combine().all().unis(items, total).asTuple()
                .map(t -> new Page<>(t.getItem1(), paging.offset(), paging.limit(), t.getItem2()));
    }
}
