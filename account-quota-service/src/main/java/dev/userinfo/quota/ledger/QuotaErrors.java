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

    /** Not applied (a lost race, a rolled-back batch): in Chinese like every 503 of seed 003's envelope (issue #15, 5). */
    static ApiError busy() {
        return new ApiError(503, "try_again", "写入未执行，未做任何更改，请使用相同的 idempotency_key 重试");
    }
}
