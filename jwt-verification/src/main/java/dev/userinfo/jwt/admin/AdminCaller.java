package dev.userinfo.jwt.admin;

import dev.userinfo.contracts.audit.AuditEntry;
import java.util.OptionalLong;

/**
 * Who an admin API request was admitted as (issue #18): the static credential (automation, bootstrap) or an operator,
 * a user whose own token carries the admin scope the request needs. {@link #actor()} is what the audit trail records.
 *
 * @param actor      {@code admin-token} or {@code operator:<user id>} ({@link AuditEntry})
 * @param operatorId the operator's user id; empty for the static credential
 */
public record AdminCaller(String actor, OptionalLong operatorId) {

    /** The static credential: no person behind it. */
    public static final AdminCaller STATIC_CREDENTIAL = new AdminCaller(AuditEntry.STATIC_CREDENTIAL, OptionalLong.empty());

    public static AdminCaller operator(long userId) {
        return new AdminCaller(AuditEntry.operator(userId), OptionalLong.of(userId));
    }

    public boolean staticCredential() {
        return operatorId.isEmpty();
    }
}
