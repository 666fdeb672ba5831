package dev.userinfo.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One admin write as every service's audit trail records it and answers it on its admin API (issue #18): who
 * ({@code actor}: {@code operator:<user id>} for an operator's token, {@code admin-token} for the static credential,
 * {@code user:<id>} for account-quota-service's admin personal tokens), what ({@code action}, e.g. {@code user.disable},
 * on {@code target}, e.g. {@code user:42}), when, and the state before and after (JSON, {@code null} on create or delete).
 * Written in the same transaction as the change it records.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, JsonNode before, JsonNode after) {

    /** The actor of a request made with the static operator credential: automation or bootstrap, not a person. */
    public static final String STATIC_CREDENTIAL = "admin-token";

    /** The actor of a request made with an operator's access token or personal token. */
    public static String operator(long userId) {
        return "operator:" + userId;
    }
}
