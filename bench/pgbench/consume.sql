-- The consume transaction of account-quota-service as pgbench runs it (bench/quota.sh): ONE guarded UPDATE
-- (quota >= amount in its WHERE) and the ledger row with the balances it returned, one transaction per debit.
-- Variables from pgbench -D: first (first account id), users (how many accounts), run (run id).
\set uid random(:first, :first + :users - 1)
\set r random(1, 9000000000000000000)
BEGIN;
UPDATE quota.account SET quota = quota - 1, used_quota = used_quota + 1, request_count = request_count + 1
  WHERE id = :uid AND status = 1 AND quota >= 1
  RETURNING quota AS q, used_quota AS u, request_count AS c \gset
INSERT INTO quota.ledger (account_id, kind, amount, quota_delta, quota_after, used_quota_after, request_count_after,
                          actor, idempotency_key, reason)
  VALUES (:uid, 'consume', 1, -1, :q, :u, :c, 'pgbench', :run || '-' || :client_id || '-' || :r, 'bench');
END;
