package dev.userinfo.auth.app;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The apps a user registered in the developer console (issue #18), and the changes their owner may make: only the
 * owner sees or changes one; for anyone else it does not exist (null, as for an unknown client_id). Ownership is
 * read from the database, never from the apps cache, so it is never stale.
 */
@ApplicationScoped
public class OwnedApps {

    private final AppRegistry registry;

    public OwnedApps(AppRegistry registry) {
        this.registry = registry;
    }

    /** Most apps one user may own: the console is self-service, so a runaway script must not fill the registry. */
    public static final int MAX_PER_OWNER = 20;

    /** Registers an app owned by {@code owner} (AdminProblem 400 for an invalid registration or too many apps). */
    public Uni<AppRegistry.Registered> register(long owner, AppRegistration registration) {
        return Panache.withSession(() -> App.count("ownerUserId", owner)).chain(count -> count >= MAX_PER_OWNER
                ? Uni.createFrom().failure(dev.userinfo.contracts.admin.AdminProblem.invalid("at most " + MAX_PER_OWNER
                        + " apps per user; disable or ask an operator to delete one"))
                : registry.registerOwned(owner, registration));
    }

    /** The owner's apps, oldest first. */
    public Uni<List<App>> list(long owner) {
        return Panache.withSession(() -> App.<App>list("ownerUserId = ?1 order by appid", owner));
    }

    /** The app if {@code owner} owns it, else null. */
    public Uni<App> find(long owner, String clientId) {
        if (!AppRegistry.isWellFormedClientId(clientId)) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> App.byClientId(clientId)).map(app -> app != null && app.ownerUserId != null
                && app.ownerUserId == owner ? app : null);
    }

    /** Replaces the redirect URIs (the registry's rules; AdminProblem 400 when one is invalid); null when not the owner's. */
    public Uni<App> changeRedirectUris(long owner, String clientId, List<String> redirectUris) {
        return owned(owner, clientId, () -> registry.update(clientId,
                new AppRegistration(null, null, null, redirectUris, null, null, null, null)));
    }

    /** Disables the app (announced as app.disabled); only an operator enables it again. Null when not the owner's. */
    public Uni<App> disable(long owner, String clientId) {
        return owned(owner, clientId, () -> registry.update(clientId,
                new AppRegistration(null, null, null, null, null, null, null, false)));
    }

    /** A new app key, shown once; the old one stops working at once. Null when not the owner's. */
    public Uni<AppRegistry.Registered> rotateSecret(long owner, String clientId) {
        return owned(owner, clientId, () -> registry.rotateSecret(clientId));
    }

    private <T> Uni<T> owned(long owner, String clientId, java.util.function.Supplier<Uni<T>> change) {
        return find(owner, clientId).chain(app -> app == null ? Uni.createFrom().nullItem() : change.get());
    }
}
