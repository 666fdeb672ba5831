package dev.userinfo.auth.app;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.user.User;
import dev.userinfo.auth.user.UserDirectory;
import dev.userinfo.auth.user.UserInput;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Demo data of the local and dev profiles ({@code auth.demo.enabled}): the app {@code demo-app}, appid 1,
 * secret {@code demo-secret}; with {@code auth.demo.users} the users alice and bob, the operator olivia and the
 * auditor audrey (issue #18). Never enabled in prod: the secrets are public.
 */
@Singleton
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    public static final String CLIENT_ID = "demo-app";
    public static final String SECRET = "demo-secret";
    public static final String REDIRECT_URI = "http://127.0.0.1:8765/callback";

    void seed(@Observes @Priority(2000) StartupEvent event, AuthConfig config, UserDirectory users, AppRegistry apps)
            throws Throwable {
        if (!config.demo().enabled()) {
            return;
        }
        Integer inserted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        INSERT INTO auth.app (appid, client_id, name, client_type, secret_hash, redirect_uris, allowed_scopes)
                        VALUES (1, :clientId, 'Demo app', 'confidential', :hash, string_to_array(:uris, ' '),
                                string_to_array(:scopes, ' '))
                        ON CONFLICT DO NOTHING""")
                        .setParameter("clientId", CLIENT_ID)
                        .setParameter("hash", ClientSecrets.hash(SECRET))
                        .setParameter("uris", REDIRECT_URI)
                        .setParameter("scopes", String.join(" ", Scope.allValues()))
                        .executeUpdate()
                        // The explicit appid must not collide with the next generated one.
                        .call(() -> session.createNativeQuery(
                                "SELECT setval(pg_get_serial_sequence('auth.app', 'appid'), (SELECT max(appid) FROM auth.app))")
                                .getSingleResult())
                        // Announced like any registration, so userinfo-service knows appid 1 without set-up (issue #15).
                        .call(count -> count == 0 ? Uni.createFrom().voidItem()
                                : session.find(App.class, 1L).chain(apps::announceCreated)))));
        if (inserted != null && inserted > 0) {
            LOG.infof("Demo app %s (appid 1) registered", CLIENT_ID);
        }
        if (config.demo().users()) {
            for (String login : DEMO_USERS) {
                User created = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> User.byLogin(login))
                        .chain(existing -> existing != null ? Uni.createFrom().nullItem()
                                : users.create(new UserInput(login, login + "-password", DISPLAY_NAMES.get(login),
                                        login + "@example.com", null, null, null))
                                        // Issue #18: the demo operator and auditor sign in to /operator with these.
                                        .call(user -> PLATFORM_ROLES.containsKey(login)
                                                ? users.setPlatformRole(null, user.id, PLATFORM_ROLES.get(login))
                                                : Uni.createFrom().voidItem())));
                if (created != null) {
                    LOG.infof("Demo user %s (id %d) created", login, created.id);
                }
            }
        }
    }

    /** Local demo users; their password is the login followed by "-password". */
    public static final java.util.List<String> DEMO_USERS = java.util.List.of("alice", "bob", "olivia", "audrey");
    private static final java.util.Map<String, String> DISPLAY_NAMES = java.util.Map.of("alice", "Alice 爱丽丝", "bob", "Bob 鲍勃",
            "olivia", "Olivia 奥利维亚", "audrey", "Audrey 奥黛丽");
    /** The demo operator and auditor (issue #18): their platform role, set when they are created. */
    static final java.util.Map<String, String> PLATFORM_ROLES = java.util.Map.of("olivia", "operator", "audrey", "auditor");
}
