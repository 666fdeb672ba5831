package dev.userinfo.quota.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/** One ledger row, as the write API answers and the ledger lists it. Quota figures are units (500000 = 1). */
@RegisterForReflection
public record LedgerEntry(@JsonProperty("ledger_id") long id,
                          @JsonProperty("user_id") long userId,
                          String kind,
                          long amount,
                          @JsonProperty("quota_delta") long quotaDelta,
                          @JsonProperty("quota") long quotaAfter,
                          @JsonProperty("used_quota") long usedQuotaAfter,
                          @JsonProperty("request_count") long requestCountAfter,
                          String actor,
                          @JsonProperty("idempotency_key") String idempotencyKey,
                          String reason,
                          @JsonProperty("created_at") long createdAt) {

    static final String COLUMNS = "id, account_id, kind, amount, quota_delta, quota_after, used_quota_after, "
            + "request_count_after, actor, idempotency_key, reason, created_at";

    static LedgerEntry of(Row r) {
        return new LedgerEntry(r.getLong("id"), r.getLong("account_id"), r.getString("kind"), r.getLong("amount"),
                r.getLong("quota_delta"), r.getLong("quota_after"), r.getLong("used_quota_after"),
                r.getLong("request_count_after"), r.getString("actor"), r.getString("idempotency_key"),
                r.getString("reason"), r.getLong("created_at"));
    }

    /** Whether a repeated request with this key asks for the same thing as the one that wrote this row. */
    boolean sameRequest(long userId, String kind, long amount) {
        return this.userId == userId && this.kind.equals(kind) && this.amount == amount;
    }
}
