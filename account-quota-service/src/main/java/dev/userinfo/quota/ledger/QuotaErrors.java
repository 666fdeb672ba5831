package dev.userinfo.quota.ledger;

import dev.userinfo.quota.web.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;

/** The refusals of quota writes, one place for their status, code and text. */
final class QuotaErrors {

    private QuotaErrors() {
    }

    static ApiError userNotFound(long userId) {
        return new ApiError(404, "user_not_found", "user " + userId + " does not exist");
    }

    static ApiError disabled(long userId) {
        return new ApiError(403, "account_disabled", "the account of user " + userId + " is disabled");
    }

    /** Nothing changed; the balance is in {@code data} so the caller can show it. */
    static ApiError insufficient(long userId, long quota, long amount) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", userId);
        data.put("quota", quota);
        data.put("amount", amount);
        return new ApiError(409, "insufficient_quota",
                "insufficient quota: balance " + quota + " is less than " + amount, data);
    }

    static ApiError keyReused(String key) {
        return new ApiError(422, "idempotency_key_reused",
                "idempotency_key " + key + " was already used for a different request");
    }

    static ApiError busy() {
        return new ApiError(503, "try_again", "the write conflicted with concurrent writes; retry with the same key");
    }
}
