package dev.userinfo.quota.ledger;

/** A debit asked for by a service: {@code actor} is its client_id, the scope of its idempotency keys. */
public record ConsumeRequest(String actor, long userId, long amount, String idempotencyKey, String reason) {

    record Key(String actor, String idempotencyKey) {
    }

    Key key() {
        return new Key(actor, idempotencyKey);
    }
}
