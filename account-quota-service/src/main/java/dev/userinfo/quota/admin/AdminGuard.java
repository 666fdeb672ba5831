package dev.userinfo.quota.admin;

import dev.userinfo.contracts.admin.AdminCredential;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.quota.account.AccountStore;
import dev.userinfo.quota.ledger.AdminAccess;
import dev.userinfo.quota.web.Callers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The credential check of every admin endpoint (issue #18): the static credential ({@code quota.admin.token}), an
 * operator's token with the admin scope of the method, or an enabled admin's personal access token with the quota
 * scope (issue #5, 6) — decided by {@link AdminAccess}. No or a refused credential is 401, a valid one without the
 * right is 403; both as the admin problem, before anything is read or changed.
 */
@ApplicationScoped
public class AdminGuard {

    private final Callers callers;
    private final AccountStore accounts;
    private final AdminCredential staticCredential;

    public AdminGuard(Callers callers, AccountStore accounts, AdminCredential staticCredential) {
        this.callers = callers;
        this.accounts = accounts;
        this.staticCredential = staticCredential;
    }

    /** The actor of a request with this {@code Authorization} header and HTTP method, or a failed Uni with the refusal. */
    public Uni<AdminActor> require(String authorization, String httpMethod) {
        // Before token verification: the static credential is no JWT, and jwt-verification would refuse it as one.
        if (staticCredential.accepts(authorization)) {
            return Uni.createFrom().item(AdminActor.staticCredential());
        }
        return callers.require("no access token", "the access token is invalid or expired")
                .flatMap(caller -> actorOf(AdminAccess.decide(caller, httpMethod)));
    }

    private Uni<AdminActor> actorOf(AdminAccess.Decision decision) {
        long id = decision.userId();
        return switch (decision.kind()) {
            case OPERATOR -> Uni.createFrom().item(AdminActor.operator(id));
            case REFUSED -> Uni.createFrom().failure(new AdminProblem(403, "insufficient_scope", decision.detail()));
            case ADMIN_PERSONAL_TOKEN -> accounts.find(id).map(me -> {
                if (me.isEmpty() || !me.get().admin() || !me.get().enabled() || me.get().deleted()) {
                    throw new AdminProblem(403, "forbidden", "无权进行此操作，权限不足");
                }
                return AdminActor.adminPersonalToken(id);
            });
        };
    }
}
