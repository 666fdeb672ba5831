package dev.userinfo.quota.admin;

import dev.userinfo.contracts.audit.AuditEntry;

/**
 * Who acts on the admin API: {@code audit} names them in the audit trail (issue #18: {@code operator:<id>},
 * {@code admin-token}, or {@code user:<id>} for an admin's personal access token), {@code ledger} in the ledger, which
 * names people {@code user:<id>} as it always has; {@code userId} is the person (0 for the static credential).
 */
public record AdminActor(String audit, String ledger, long userId) {

    static AdminActor staticCredential() {
        return new AdminActor(AuditEntry.STATIC_CREDENTIAL, AuditEntry.STATIC_CREDENTIAL, 0);
    }

    static AdminActor operator(long userId) {
        return new AdminActor(AuditEntry.operator(userId), person(userId), userId);
    }

    static AdminActor adminPersonalToken(long userId) {
        return new AdminActor(person(userId), person(userId), userId);
    }

    /** Whether this actor is the person with this user id (the static credential is nobody). */
    boolean isPerson(long id) {
        return userId != 0 && userId == id;
    }

    private static String person(long userId) {
        return "user:" + userId;
    }
}
