package dev.userinfo.auth.app;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.auth.audit.AuditTrail;
import dev.userinfo.auth.scope.Scope;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Registers and looks up apps; the rules of a valid registration live here. A change made through the admin API names
 * its {@code actor} and is recorded in the {@link AuditTrail} in its transaction (a null actor: not audited).
 */
@ApplicationScoped
public class AppRegistry {

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{3,64}");
    /** An appid as the platform issues it (bigserial): no sign, no leading zero, fits a long. */
    private static final Pattern APPID = Pattern.compile("[1-9][0-9]{0,17}");

    /** The stored app and, for a confidential one, the secret to show once. */
    public record Registered(App app, String clientSecret) {
    }

    /** Apps by client_id for the token endpoint's hot path; entries live {@code quarkus.cache.caffeine.apps.expire-after-write}. */
    static final String CACHE = "apps";

    private final Cache apps;
    private final List<AppChangeObserver> observers;
    private final AuditTrail audit;

    public AppRegistry(@CacheName(CACHE) Cache apps, @All List<AppChangeObserver> observers, AuditTrail audit) {
        this.apps = apps;
        this.observers = List.copyOf(observers);
        this.audit = audit;
    }

    /** Records an admin write in the caller's transaction; never the secret (the view is made without it). */
    private Uni<Void> audited(String actor, String action, String clientId, AppView before, AppView after) {
        return actor == null ? Uni.createFrom().voidItem() : audit.record(actor, action, "app:" + clientId, before, after);
    }

    /** Tells every observer, one after the other, in the caller's transaction (the outbox: contract §5). */
    private Uni<Void> tell(Function<AppChangeObserver, Uni<Void>> change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AppChangeObserver observer : observers) {
            chain = chain.chain(() -> change.apply(observer));
        }
        return chain;
    }

    public Uni<Registered> register(AppRegistration request) {
        return register(null, request, null);
    }

    /** {@link #register(AppRegistration)} by {@code actor} (app.create). */
    public Uni<Registered> register(String actor, AppRegistration request) {
        return register(actor, request, null);
    }

    /**
     * An app a user registers in the developer console (issue #18): owned by that user, and its privileged scopes
     * ({@link Scope#needsApproval()}) only requested: no flow grants them until an operator approves them.
     */
    public Uni<Registered> registerOwned(long ownerUserId, AppRegistration request) {
        return register(null, request, ownerUserId);
    }

    private Uni<Registered> register(String actor, AppRegistration request, Long owner) {
        Validated valid;
        try {
            valid = AppRules.validate(request);
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(e);
        }
        String secret = App.CONFIDENTIAL.equals(valid.clientType) ? ClientSecrets.generate() : null;
        App app = new App();
        app.clientId = valid.clientId;
        app.name = valid.name;
        app.clientType = valid.clientType;
        app.secretHash = secret == null ? null : ClientSecrets.hash(secret);
        app.redirectUris = valid.redirectUris.toArray(String[]::new);
        app.allowedScopes = valid.scopes.toArray(String[]::new);
        app.ownerUserId = owner;
        if (owner != null) {
            app.requestedScopes = valid.scopes.stream().filter(Scope::privileged).toArray(String[]::new);
            app.allowedScopes = valid.scopes.stream().filter(scope -> !Scope.privileged(scope)).toArray(String[]::new);
        }
        app.description = valid.description;
        app.logoUrl = valid.logoUrl;
        app.enabled = request.enabled() == null || request.enabled();
        app.promptFirstParty = request.promptFirstParty() != null && request.promptFirstParty();
        app.createdAt = Instant.now();
        app.updatedAt = app.createdAt;
        return Panache.withTransaction(() -> App.byClientId(app.clientId).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(clientIdTaken(app.clientId));
                    }
                    return app.<App>persistAndFlush().call(saved -> tell(o -> o.written("app.created", saved)))
                            .call(saved -> audited(actor, "app.create", saved.clientId, null, AppView.of(saved, null)));
                }))
                .onFailure(ConstraintViolationException.class).transform(e -> clientIdTaken(app.clientId))
                // A lookup of this client_id before it existed may be cached as absent.
                .call(saved -> apps.invalidate(saved.clientId))
                .map(saved -> new Registered(saved, secret));
    }

    /** Writes app.created for an app inserted by SQL (the demo data), in the caller's transaction. */
    Uni<Void> announceCreated(App app) {
        return tell(o -> o.written("app.created", app));
    }

    @CacheResult(cacheName = CACHE)
    public Uni<App> find(String clientId) {
        if (!isWellFormedClientId(clientId)) {
            // No app can have it: answer without asking the database (which refuses, e.g., NUL bytes).
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> App.byClientId(clientId));
    }

    /**
     * Seed 001's {@code app_id} (应用唯一ID，开发平台下发): the numeric appid the platform issued, as seeds 002 and 004
     * name the app, or the client_id. All digits is an appid, never looked up as a client_id.
     */
    public Uni<App> findByAppId(String appId) {
        if (appId == null || appId.isEmpty() || !appId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return find(appId);
        }
        if (!APPID.matcher(appId).matches()) {
            return Uni.createFrom().nullItem();
        }
        // Not cached: the apps cache is keyed and invalidated by client_id; a seed 001 exchange is once per sign-in.
        return Panache.withSession(() -> App.<App>findById(Long.parseLong(appId)));
    }

    /** Whether this could name a registered app as seed 001's app_id at all: an appid or a client_id. */
    public static boolean isWellFormedAppId(String appId) {
        return appId != null && (APPID.matcher(appId).matches() || isWellFormedClientId(appId));
    }

    /** Whether this could be a registered client_id at all. */
    public static boolean isWellFormedClientId(String clientId) {
        return clientId != null && CLIENT_ID.matcher(clientId).matches();
    }

    /** One page of apps by appid, with the total (admin paging, 1-based). */
    public Uni<dev.userinfo.contracts.admin.Page<App>> list(PageRequest request) {
        return Panache.withSession(() -> App.<App>findAll(Sort.by("appid")).page(Page.of(request.page() - 1, request.pageSize())).list()
                .flatMap(apps -> App.count().map(total -> dev.userinfo.contracts.admin.Page.of(apps, total, request))));
    }

    private static AdminProblem clientIdTaken(String clientId) {
        return AdminProblem.conflict("client_id " + clientId + " is already registered");
    }

    /**
     * Changes what is present in {@code patch}: name, description, logo_url, redirect_uris, scopes, enabled, prompt_first_party.
     * client_id and client_type never change. Other pods see the change within the apps cache's lifetime. A change of
     * what userinfo-service is told (name, enabled) raises the version and writes its event (contract §5).
     */
    public Uni<App> update(String clientId, AppRegistration patch) {
        return update(null, clientId, patch);
    }

    /** {@link #update(String, AppRegistration)} by {@code actor} (app.update). */
    public Uni<App> update(String actor, String clientId, AppRegistration patch) {
        if (patch == null) {
            return Uni.createFrom().failure(AdminProblem.invalid("a JSON body is required"));
        }
        try {
            if ((patch.clientId() != null && !patch.clientId().equals(clientId)) || patch.clientType() != null) {
                throw AdminProblem.invalid("client_id and client_type cannot change");
            }
            if (patch.name() != null) {
                AppRules.name(patch.name());
            }
            AppRules.redirectUris(patch.redirectUris());
            AppRules.scopes(patch.scopes());
            AppRules.description(patch.description());
            AppRules.logoUrl(patch.logoUrl());
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.withTransaction(() -> existing(clientId).chain(app -> {
            AppView before = AppView.of(app, null);
            String announcedName = app.name;
            boolean wasEnabled = app.enabled;
            if (patch.name() != null) {
                app.name = AppRules.name(patch.name());
            }
            if (patch.redirectUris() != null) {
                app.redirectUris = AppRules.redirectUris(patch.redirectUris()).toArray(String[]::new);
            }
            if (patch.scopes() != null) {
                app.allowedScopes = AppRules.scopes(patch.scopes()).toArray(String[]::new);
            }
            if (patch.description() != null) {
                app.description = AppRules.description(patch.description());
            }
            if (patch.logoUrl() != null) {
                app.logoUrl = AppRules.logoUrl(patch.logoUrl());
            }
            if (patch.enabled() != null) {
                app.enabled = patch.enabled();
            }
            if (patch.promptFirstParty() != null) {
                app.promptFirstParty = patch.promptFirstParty();
            }
            app.updatedAt = Instant.now();
            String type = wasEnabled == app.enabled ? (announcedName.equals(app.name) ? null : "app.updated")
                    : app.enabled ? "app.enabled" : "app.disabled";
            if (type != null) {
                app.version++;
            }
            return app.<App>persistAndFlush()
                    .call(saved -> type == null ? Uni.createFrom().voidItem() : tell(o -> o.written(type, saved)))
                    .call(saved -> audited(actor, "app.update", saved.clientId, before, AppView.of(saved, null)));
        })).call(saved -> apps.invalidate(saved.clientId));
    }

    /**
     * Deletes an app: its grants, consents and open_ids go with it (ON DELETE CASCADE), and userinfo-service is told
     * (app.deleted, contract §5). Tokens already issued to it live out their short lifetime, as after a disable.
     */
    public Uni<Void> delete(String clientId) {
        return delete(null, clientId);
    }

    /** {@link #delete(String)} by {@code actor} (app.delete). */
    public Uni<Void> delete(String actor, String clientId) {
        return Panache.withTransaction(() -> existing(clientId).chain(app -> {
            long appid = app.appid;
            long version = app.version + 1;
            AppView before = AppView.of(app, null);
            return app.delete().call(() -> Panache.getSession().chain(session -> session.flush()))
                    .call(() -> tell(o -> o.deleted(appid, version)))
                    .call(() -> audited(actor, "app.delete", clientId, before, null));
        })).call(() -> apps.invalidate(clientId));
    }

    /** A new app key (client secret), shown once; the old one stops working at once (on other pods within the cache lifetime). */
    public Uni<Registered> rotateSecret(String clientId) {
        return rotateSecret(null, clientId);
    }

    /** {@link #rotateSecret(String)} by {@code actor} (app.rotate-secret; the trail shows that it changed, never the value). */
    public Uni<Registered> rotateSecret(String actor, String clientId) {
        String secret = ClientSecrets.generate();
        return Panache.withTransaction(() -> existing(clientId).chain(app -> {
            if (!app.confidential()) {
                return Uni.createFrom().<App>failure(AdminProblem.invalid("a public client has no secret"));
            }
            AppView before = AppView.of(app, null);
            app.secretHash = ClientSecrets.hash(secret);
            app.updatedAt = Instant.now();
            return app.<App>persistAndFlush()
                    .call(saved -> audited(actor, "app.rotate-secret", saved.clientId, before, AppView.of(saved, null)));
        })).call(saved -> apps.invalidate(saved.clientId)).map(saved -> new Registered(saved, secret));
    }

    private static Uni<App> existing(String clientId) {
        if (!isWellFormedClientId(clientId)) {
            return Uni.createFrom().failure(AdminProblem.notFound("no app with that client_id"));
        }
        // Locked for the change's transaction: two concurrent changes must not announce the same version (contract §5).
        return App.<App>find("clientId", clientId).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> AdminProblem.notFound("no app with that client_id"));
    }

    /** A registration that passed {@link AppRules#validate}. */
    record Validated(String name, String clientId, String clientType, List<String> redirectUris,
                             Set<String> scopes, String description, String logoUrl) {
    }

}
