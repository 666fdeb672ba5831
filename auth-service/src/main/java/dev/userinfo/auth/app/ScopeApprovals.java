package dev.userinfo.auth.app;

import dev.userinfo.auth.audit.AuditTrail;
import dev.userinfo.contracts.admin.AdminProblem;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An operator's approval of the privileged scopes an app requested in the developer console (issue #18): they move from
 * {@code requested_scopes} to {@code allowed_scopes}, and from then on the authorization and token endpoints grant them.
 */
@ApplicationScoped
public class ScopeApprovals {

    private final Cache apps;
    private final AuditTrail audit;

    public ScopeApprovals(@CacheName(AppRegistry.CACHE) Cache apps, AuditTrail audit) {
        this.apps = apps;
        this.audit = audit;
    }

    /**
     * Approves {@code scopes} by {@code actor}, each of which the app must have requested (else 400, nothing changes);
     * 404 for no such app. Recorded as app.approve-scopes in the same transaction.
     */
    public Uni<App> approve(String actor, String clientId, List<String> scopes) {
        if (scopes == null || scopes.isEmpty() || scopes.stream().anyMatch(s -> s == null || s.isEmpty())) {
            return Uni.createFrom().failure(AdminProblem.invalid("scopes must list at least one requested scope"));
        }
        if (!AppRegistry.isWellFormedClientId(clientId)) {
            return Uni.createFrom().failure(AdminProblem.notFound("no app with that client_id"));
        }
        Set<String> approved = new LinkedHashSet<>(scopes);
        return Panache.withTransaction(() -> App.<App>find("clientId", clientId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult().onItem().ifNull().failWith(() -> AdminProblem.notFound("no app with that client_id"))
                .chain(app -> {
                    List<String> requested = Arrays.asList(app.requestedScopes);
                    for (String scope : approved) {
                        if (!requested.contains(scope)) {
                            return Uni.createFrom().<App>failure(AdminProblem.invalid("scope " + scope
                                    + " was not requested by this app; requested: " + requested));
                        }
                    }
                    Set<String> allowed = new LinkedHashSet<>(Arrays.asList(app.allowedScopes));
                    allowed.addAll(approved);
                    List<String> stillRequested = new ArrayList<>(requested);
                    stillRequested.removeAll(approved);
                    app.allowedScopes = allowed.toArray(String[]::new);
                    app.requestedScopes = stillRequested.toArray(String[]::new);
                    AppView before = AppView.of(app, null);
                    app.updatedAt = Instant.now();
                    return app.<App>persistAndFlush().call(saved -> audit.record(actor, "app.approve-scopes",
                            "app:" + saved.clientId, before, AppView.of(saved, null)));
                })).call(saved -> apps.invalidate(saved.clientId));
    }
}
