package dev.userinfo.quota.admin;

import dev.userinfo.quota.account.Account;
import dev.userinfo.quota.account.AccountStore;
import dev.userinfo.quota.audit.AuditTrail;
import dev.userinfo.quota.ledger.Applied;
import dev.userinfo.quota.ledger.QuotaLedger;
import dev.userinfo.quota.web.ApiError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every admin write with its audit row in the same transaction (issue #18): a write that rolls back leaves no
 * audit row, and no write commits without one. The account's state before and after is its balance and switches.
 */
@ApplicationScoped
public class AdminWrites {

    static final String ADJUST = "quota.adjust";
    static final String DISABLE = "account.disable";
    static final String ENABLE = "account.enable";

    private final Pool pool;
    private final AccountStore accounts;
    private final QuotaLedger ledger;
    private final AuditTrail audit;

    public AdminWrites(Pool pool, AccountStore accounts, QuotaLedger ledger, AuditTrail audit) {
        this.pool = pool;
        this.accounts = accounts;
        this.ledger = ledger;
        this.audit = audit;
    }

    /** Adjusts the balance by {@code delta}, ledgered and audited; never below zero. */
    public Uni<Applied> adjust(AdminActor actor, long userId, long delta, String reason) {
        return ledger.adjust(actor.ledger(), userId, delta, reason, (conn, entry) -> accounts.find(conn, userId)
                .flatMap(account -> {
                    Account a = account.orElseThrow();   // the ledger's update just matched it, on this transaction
                    return audit.record(conn, actor.audit(), ADJUST, target(userId),
                            state(entry.quotaAfter() - entry.quotaDelta(), a), state(entry.quotaAfter(), a));
                }));
    }

    /** The admin's switch on an account, audited with the account before and after. */
    public Uni<Account> setDisabled(AdminActor actor, long userId, boolean disabled) {
        return pool.withTransaction(conn -> accounts.lock(conn, userId).flatMap(before -> {
            if (before.isEmpty() || before.get().deleted()) {
                return Uni.createFrom().<Account>failure(new ApiError(404, "user_not_found", "用户不存在"));
            }
            return accounts.setAdminDisabled(conn, userId, disabled).flatMap(after -> audit.record(conn, actor.audit(),
                    disabled ? DISABLE : ENABLE, target(userId), state(before.get().quota(), before.get()),
                    state(after.quota(), after)).replaceWith(after));
        }));
    }

    static String target(long userId) {
        return "account:" + userId;
    }

    /** What the audit trail keeps of an account: no personal data, only what an admin write changes. */
    static JsonObject state(long balance, Account a) {
        return new JsonObject().put("balance", balance).put("enabled", a.enabled()).put("admin_disabled", a.adminDisabled());
    }
}
