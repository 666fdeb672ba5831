package dev.userinfo.auth.app;

import dev.userinfo.auth.scope.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hibernate.exception.ConstraintViolationException;

/** Registers and looks up apps; the rules of a valid registration live here. */
@ApplicationScoped
public class AppRegistry {

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{3,64}");
    private static final int MAX_NAME = 100;
    private static final int MAX_REDIRECT_URIS = 10;

    /** The stored app and, for a confidential one, the secret to show once. */
    public record Registered(App app, String clientSecret) {
    }

    /** Apps by client_id for the token endpoint's hot path; entries live {@code quarkus.cache.caffeine.apps.expire-after-write}. */
    static final String CACHE = "apps";

    private final Cache apps;

    public AppRegistry(@CacheName(CACHE) Cache apps) {
        this.apps = apps;
    }

    public Uni<Registered> register(AppRegistration request) {
        Validated valid;
        try {
            valid = validate(request);
        } catch (AppRegistrationException e) {
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
        app.enabled = true;
        app.createdAt = Instant.now();
        app.updatedAt = app.createdAt;
        return Panache.withTransaction(() -> App.byClientId(app.clientId).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(clientIdTaken(app.clientId));
                    }
                    return app.<App>persistAndFlush();
                }))
                .onFailure(ConstraintViolationException.class).transform(e -> clientIdTaken(app.clientId))
                // A lookup of this client_id before it existed may be cached as absent.
                .call(saved -> apps.invalidate(saved.clientId))
                .map(saved -> new Registered(saved, secret));
    }

    @CacheResult(cacheName = CACHE)
    public Uni<App> find(String clientId) {
        if (!isWellFormedClientId(clientId)) {
            // No app can have it: answer without asking the database (which refuses, e.g., NUL bytes).
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> App.byClientId(clientId));
    }

    /** Whether this could be a registered client_id at all. */
    public static boolean isWellFormedClientId(String clientId) {
        return clientId != null && CLIENT_ID.matcher(clientId).matches();
    }

    public Uni<List<App>> list(int page, int size) {
        return Panache.withSession(() -> App.findAll(Sort.by("appid")).page(Page.of(page, size)).list());
    }

    private static AppRegistrationException clientIdTaken(String clientId) {
        return new AppRegistrationException("client_id " + clientId + " is already registered", true);
    }

    private record Validated(String name, String clientId, String clientType, List<String> redirectUris,
                             Set<String> scopes) {
    }

    private static Validated validate(AppRegistration r) {
        if (r == null) {
            throw new AppRegistrationException("a JSON body is required", false);
        }
        String name = r.name() == null ? "" : r.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new AppRegistrationException("name is required, at most " + MAX_NAME + " characters", false);
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new AppRegistrationException("name must not contain control characters", false);
        }
        String clientId = r.clientId() == null ? "app_" + ClientSecrets.generate().substring(0, 20).replace('-', 'x').replace('_', 'y')
                : r.clientId();
        if (!isWellFormedClientId(clientId)) {
            throw new AppRegistrationException("client_id must be 3 to 64 of A-Z a-z 0-9 . _ ~ -", false);
        }
        String type = r.clientType() == null ? App.CONFIDENTIAL : r.clientType();
        if (!type.equals(App.CONFIDENTIAL) && !type.equals(App.PUBLIC)) {
            throw new AppRegistrationException("client_type must be confidential or public", false);
        }
        List<String> uris = r.redirectUris() == null ? List.of() : r.redirectUris();
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw new AppRegistrationException("at most " + MAX_REDIRECT_URIS + " redirect URIs", false);
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(uris));
        for (String uri : distinct) {
            String problem = RedirectUris.problem(uri);
            if (problem != null) {
                throw new AppRegistrationException(problem, false);
            }
        }
        Set<String> scopes = new LinkedHashSet<>(r.scopes() == null ? List.of() : r.scopes());
        for (String scope : scopes) {
            if (scope == null || Scope.of(scope).isEmpty()) {
                throw new AppRegistrationException("unknown scope: " + scope + "; known: " + Scope.allValues(), false);
            }
        }
        return new Validated(name, clientId, type, distinct, scopes);
    }
}
