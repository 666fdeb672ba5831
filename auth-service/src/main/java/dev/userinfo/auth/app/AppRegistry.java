package dev.userinfo.auth.app;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.contracts.clients.WellKnownClients;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hibernate.exception.ConstraintViolationException;

/** Registers and looks up apps; the rules of a valid registration live here. */
@ApplicationScoped
public class AppRegistry {

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{3,64}");
    /** An appid as the platform issues it (bigserial): no sign, no leading zero, fits a long. */
    private static final Pattern APPID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final int MAX_NAME = 100;
    private static final int MAX_REDIRECT_URIS = 10;

    /** The stored app and, for a confidential one, the secret to show once. */
    public record Registered(App app, String clientSecret) {
    }

    /** Apps by client_id for the token endpoint's hot path; entries live {@code quarkus.cache.caffeine.apps.expire-after-write}. */
    static final String CACHE = "apps";

    private final Cache apps;
    private final List<AppChangeObserver> observers;

    public AppRegistry(@CacheName(CACHE) Cache apps, @All List<AppChangeObserver> observers) {
        this.apps = apps;
        this.observers = List.copyOf(observers);
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
        return register(request, null);
    }

    /**
     * An app a user registers in the developer console (issue #18): owned by that user, and its privileged scopes
     * ({@link Scope#needsApproval()}) only requested: no flow grants them until an operator approves them.
     */
    public Uni<Registered> registerOwned(long ownerUserId, AppRegistration request) {
        return register(request, ownerUserId);
    }

    private Uni<Registered> register(AppRegistration request, Long owner) {
        Validated valid;
        try {
            valid = validate(request);
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
                    return app.<App>persistAndFlush().call(saved -> tell(o -> o.written("app.created", saved)));
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
        if (patch == null) {
            return Uni.createFrom().failure(AdminProblem.invalid("a JSON body is required"));
        }
        try {
            if ((patch.clientId() != null && !patch.clientId().equals(clientId)) || patch.clientType() != null) {
                throw AdminProblem.invalid("client_id and client_type cannot change");
            }
            if (patch.name() != null) {
                name(patch.name());
            }
            redirectUris(patch.redirectUris());
            scopes(patch.scopes());
            description(patch.description());
            logoUrl(patch.logoUrl());
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.withTransaction(() -> existing(clientId).chain(app -> {
            String announcedName = app.name;
            boolean wasEnabled = app.enabled;
            if (patch.name() != null) {
                app.name = name(patch.name());
            }
            if (patch.redirectUris() != null) {
                app.redirectUris = redirectUris(patch.redirectUris()).toArray(String[]::new);
            }
            if (patch.scopes() != null) {
                app.allowedScopes = scopes(patch.scopes()).toArray(String[]::new);
            }
            if (patch.description() != null) {
                app.description = description(patch.description());
            }
            if (patch.logoUrl() != null) {
                app.logoUrl = logoUrl(patch.logoUrl());
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
            if (type == null) {
                return app.<App>persistAndFlush();
            }
            app.version++;
            return app.<App>persistAndFlush().call(saved -> tell(o -> o.written(type, saved)));
        })).call(saved -> apps.invalidate(saved.clientId));
    }

    /**
     * Deletes an app: its grants, consents and open_ids go with it (ON DELETE CASCADE), and userinfo-service is told
     * (app.deleted, contract §5). Tokens already issued to it live out their short lifetime, as after a disable.
     */
    public Uni<Void> delete(String clientId) {
        return Panache.withTransaction(() -> existing(clientId).chain(app -> {
            long appid = app.appid;
            long version = app.version + 1;
            return app.delete().call(() -> Panache.getSession().chain(session -> session.flush()))
                    .call(() -> tell(o -> o.deleted(appid, version)));
        })).call(() -> apps.invalidate(clientId));
    }

    /** A new app key (client secret), shown once; the old one stops working at once (on other pods within the cache lifetime). */
    public Uni<Registered> rotateSecret(String clientId) {
        String secret = ClientSecrets.generate();
        return Panache.withTransaction(() -> existing(clientId).chain(app -> {
            if (!app.confidential()) {
                return Uni.createFrom().<App>failure(AdminProblem.invalid("a public client has no secret"));
            }
            app.secretHash = ClientSecrets.hash(secret);
            app.updatedAt = Instant.now();
            return app.<App>persistAndFlush();
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

    private record Validated(String name, String clientId, String clientType, List<String> redirectUris,
                             Set<String> scopes, String description, String logoUrl) {
    }

    private static String description(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 500 || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw AdminProblem.invalid("description is at most 500 characters, no control characters");
        }
        return value.strip();
    }

    private static String logoUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            if (value.length() > 2000 || !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
                throw AdminProblem.invalid("logo_url must be an https URL of at most 2000 characters");
            }
        } catch (java.net.URISyntaxException e) {
            throw AdminProblem.invalid("logo_url must be an https URL of at most 2000 characters");
        }
        return value;
    }

    private static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw AdminProblem.invalid("name is required, at most " + MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw AdminProblem.invalid("name must not contain control characters");
        }
        return name;
    }

    private static List<String> redirectUris(List<String> uris) {
        if (uris == null) {
            return List.of();
        }
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw AdminProblem.invalid("at most " + MAX_REDIRECT_URIS + " redirect URIs");
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(uris));
        for (String uri : distinct) {
            String problem = RedirectUris.problem(uri);
            if (problem != null) {
                throw AdminProblem.invalid(problem);
            }
        }
        return distinct;
    }

    private static Set<String> scopes(List<String> requested) {
        Set<String> scopes = new LinkedHashSet<>(requested == null ? List.of() : requested);
        for (String scope : scopes) {
            if (scope != null && dev.userinfo.auth.scope.ServiceScopes.isServiceScope(scope)) {
                // Issue #13, 1: a registration never names a service scope; only auth.service-scopes.* grants one.
                throw AdminProblem.invalid("scope " + scope + " is a service scope: it cannot be registered; an "
                        + "operator grants it with auth.service-scopes.quota-writers");
            }
            if (scope == null || Scope.of(scope).isEmpty()) {
                throw AdminProblem.invalid("unknown scope: " + scope + "; known: " + Scope.allValues());
            }
        }
        return scopes;
    }

    private static Validated validate(AppRegistration r) {
        if (r == null) {
            throw AdminProblem.invalid("a JSON body is required");
        }
        String clientId = r.clientId() == null ? "app_" + ClientSecrets.generate().substring(0, 20).replace('-', 'x').replace('_', 'y')
                : r.clientId();
        if (!isWellFormedClientId(clientId)) {
            throw AdminProblem.invalid("client_id must be 3 to 64 of A-Z a-z 0-9 . _ ~ -");
        }
        if (clientId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Seed 002's X-App-Id takes an app's numeric appid or its client_id: a numeric client_id could name two apps.
            throw AdminProblem.invalid("client_id must not be only digits: digits are an appid (seed 002's X-App-Id takes both)");
        }
        if (WellKnownClients.PERSONAL_ACCESS_TOKEN.equals(clientId)) {
            // Resource services tell personal access tokens by this client_id (contract §1): no app may take it.
            throw AdminProblem.invalid("client_id " + clientId + " is reserved");
        }
        String type = r.clientType() == null ? App.CONFIDENTIAL : r.clientType();
        if (!type.equals(App.CONFIDENTIAL) && !type.equals(App.PUBLIC)) {
            throw AdminProblem.invalid("client_type must be confidential or public");
        }
        return new Validated(name(r.name()), clientId, type, redirectUris(r.redirectUris()), scopes(r.scopes()),
                description(r.description()), logoUrl(r.logoUrl()));
    }
}
