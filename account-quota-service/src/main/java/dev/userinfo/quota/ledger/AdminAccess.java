package dev.userinfo.quota.ledger;

import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.jwt.VerifiedCaller;

/**
 * Who may use this service's admin API with a verified token (issue #18), decided from the token alone: an operator
 * (a user's access token or personal access token carrying {@link AdminScopes#requiredFor} the method), or a
 * candidate admin (a personal access token with {@code quota_read} to read, {@code quota_write} to change, whose
 * account must still be an enabled admin: issue #5, 6). An app's own client token never administers. The static
 * credential is checked before any token is verified, so it is not decided here.
 */
public final class AdminAccess {

    private AdminAccess() {
    }

    /** What a token may do on the admin API. */
    public enum Kind {
        /** A person with the admin scope: acts as {@code operator:<id>}. */
        OPERATOR,
        /** A personal access token with the quota scope: allowed only if the account is an enabled admin (role ≥ 10). */
        ADMIN_PERSONAL_TOKEN,
        /** Neither: 403 {@code insufficient_scope}, nothing changed. */
        REFUSED
    }

    /** The decision; {@code userId} is the person behind the token (0 when refused), {@code detail} why it was refused. */
    public record Decision(Kind kind, long userId, String detail) {

        static Decision refused(String detail) {
            return new Decision(Kind.REFUSED, 0, detail);
        }
    }

    /** The quota scope an admin's personal access token needs for {@code httpMethod}: reads quota_read, writes quota_write. */
    public static String personalTokenScope(String httpMethod) {
        return AdminScopes.READ.equals(AdminScopes.requiredFor(httpMethod)) ? QuotaGrants.USER_READ : QuotaGrants.USER_WRITE;
    }

    public static Decision decide(VerifiedCaller caller, String httpMethod) {
        String adminScope = AdminScopes.requiredFor(httpMethod);
        String patScope = personalTokenScope(httpMethod);
        if (caller.clientToken() || caller.userId().isEmpty()) {
            // An app acting for itself is no operator, whatever it carries (issue #18; issue #13, 2).
            return Decision.refused("an app's own token never administers: an operator's token with " + adminScope
                    + " is required");
        }
        long userId = caller.userId().getAsLong();
        if (caller.hasScope(adminScope)) {
            return new Decision(Kind.OPERATOR, userId, null);
        }
        if (caller.personalToken() && caller.hasScope(patScope)) {
            return new Decision(Kind.ADMIN_PERSONAL_TOKEN, userId, null);
        }
        return Decision.refused("an operator's token with " + adminScope + ", or an admin's personal access token with "
                + patScope + ", is required");
    }
}
