package dev.userinfo.auth.testing;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.AppRegistration;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.user.User;
import dev.userinfo.auth.user.UserDirectory;
import dev.userinfo.auth.user.UserInput;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Users and apps for page tests, made through the real services; unique names so tests never collide. */
public final class Fixtures {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 100000, 36);

    private Fixtures() {
    }

    public record TestUser(User user, String login, String password) {
        public long id() {
            return user.id;
        }
    }

    public static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }

    public static TestUser user(String prefix) {
        String login = unique(prefix);
        String password = "pw-" + login + "-secret";
        UserDirectory users = Arc.container().instance(UserDirectory.class).get();
        User user = await(() -> users.create(new UserInput(login, password, "Name " + login, null, null, null, null)));
        return new TestUser(user, login, password);
    }

    /** A registered app; {@code type} confidential or public. */
    public static App app(String type, List<String> redirectUris, List<String> scopes) {
        AppRegistry registry = Arc.container().instance(AppRegistry.class).get();
        return await(() -> registry.register(new AppRegistration("App " + unique("n"), unique("app"), type, redirectUris, scopes))).app();
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A number from SQL (count(*) and the like), parameters bound in order as ?1, ?2 … → :p1, :p2 …. */
    public static long count(String sql, Object... params) {
        Number n = await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Long.class);
            for (int i = 0; i < params.length; i++) {
                query.setParameter("p" + (i + 1), params[i]);
            }
            return query.getSingleResult();
        })));
        return n.longValue();
    }

    public static void execute(String sql, Object... params) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter("p" + (i + 1), params[i]);
            }
            return query.executeUpdate();
        })));
    }
}
