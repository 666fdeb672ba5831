package dev.userinfo.quota.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decisions of one consume batch, without its SQL ({@link ConsumeBatch} runs the statements and feeds the
 * answers in): which requests replay an earlier key, which repeat a key within the batch, which take quota from
 * which account in arrival order, which are refused and why, and the balances after each taken request.
 * Steps, in {@link ConsumeBatch}'s order: {@link #keys}, {@link #replay}, {@link #shares} and {@link #debited} for
 * the accounts that cover their whole share, {@link #decide} for the others (then {@link #shares} and
 * {@link #debited} again), {@link #taken}, {@link #inserted}, {@link #outcomes}.
 */
final class ConsumePlan {

    /** An account right after a request: the ledger row's {@code quota_after}, {@code used_quota_after}, {@code request_count_after}. */
    record Balances(long quota, long usedQuota, long requestCount) {
    }

    /** A locked account row; {@code status} 0 = deleted (a tombstone), 1 = enabled, anything else = disabled. */
    record LockedAccount(int status, long quota) {
    }

    /** What one account is to be debited for its undecided requests: their sum and their number. */
    record Share(long accountId, long total, long count) {
    }

    /** A request that takes quota, with the balances right after it: one ledger row. */
    record Taken(ConsumeRequest request, Balances after) {
    }

    private final List<ConsumeRequest> requests;
    /** Per request: an {@link Applied}, an {@link dev.userinfo.quota.web.ApiError}, or the index of its first twin. */
    private final Object[] outcome;
    /** Each key's first request. */
    private final Map<ConsumeRequest.Key, Integer> first = new LinkedHashMap<>();
    /** Undecided fresh requests by account, accounts and requests in arrival order. */
    private final Map<Long, List<Integer>> pending = new LinkedHashMap<>();
    /** Taken requests in arrival order, with the balances right after each. */
    private final Map<Integer, Balances> after = new TreeMap<>();

    ConsumePlan(List<ConsumeRequest> requests) {
        this.requests = List.copyOf(requests);
        this.outcome = new Object[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            first.putIfAbsent(requests.get(i).key(), i);
        }
    }

    /** The batch's distinct (actor, idempotency key) pairs in arrival order: what the ledger may already hold. */
    List<ConsumeRequest.Key> keys() {
        return List.copyOf(first.keySet());
    }

    /**
     * Sorts the batch given the ledger rows already holding some of its keys: a known key replays its row when the
     * request asks for the same thing and is refused otherwise; a key seen earlier in the batch waits for its first
     * request's outcome; every other request is fresh, grouped by account.
     */
    void replay(Collection<LedgerEntry> existing) {
        Map<ConsumeRequest.Key, LedgerEntry> known = new HashMap<>();
        for (LedgerEntry e : existing) {
            known.put(new ConsumeRequest.Key(e.actor(), e.idempotencyKey()), e);
        }
        for (int i = 0; i < requests.size(); i++) {
            ConsumeRequest r = requests.get(i);
            LedgerEntry row = known.get(r.key());
            if (row != null) {
                outcome[i] = row.sameRequest(r.userId(), "consume", r.amount()) ? new Applied(row, true)
                        : QuotaErrors.keyReused(r.idempotencyKey());
            } else if (first.get(r.key()) != i) {
                outcome[i] = first.get(r.key());   // a twin: answered with its first's result, see outcomes()
            } else {
                pending.computeIfAbsent(r.userId(), id -> new ArrayList<>()).add(i);
            }
        }
    }

    /** Each account with undecided requests, in order of its first request: what the guarded debit should take. */
    List<Share> shares() {
        List<Share> shares = new ArrayList<>(pending.size());
        pending.forEach((id, indexes) -> shares.add(new Share(id, total(indexes), indexes.size())));
        return shares;
    }

    /** The undecided fresh requests in arrival order: what one statement debits and ledgers at once. */
    List<ConsumeRequest> fresh() {
        List<Integer> indexes = new ArrayList<>();
        pending.values().forEach(indexes::addAll);
        indexes.sort(null);
        List<ConsumeRequest> fresh = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            fresh.add(requests.get(i));
        }
        return fresh;
    }

    /** The guarded debit took an account's whole share; {@code balances} is the account row after it. */
    void debited(long accountId, Balances balances) {
        List<Integer> indexes = pending.remove(accountId);
        if (indexes == null) {
            throw new IllegalStateException("account " + accountId + " was debited but had no share in the batch");
        }
        // Walk back from the balances after the whole share to those after each request, in arrival order.
        long quota = balances.quota() + total(indexes);
        long used = balances.usedQuota() - total(indexes);
        long count = balances.requestCount() - indexes.size();
        for (int i : indexes) {
            long amount = requests.get(i).amount();
            quota -= amount;
            used += amount;
            count += 1;
            after.put(i, new Balances(quota, used, count));
        }
    }

    /** Accounts whose share the guarded debit did not take (short, disabled, deleted or unknown): to lock. */
    List<Long> undecidedAccounts() {
        return List.copyOf(pending.keySet());
    }

    /**
     * Decides the undecided accounts' requests one by one, given their locked rows (an absent account was never
     * delivered): in arrival order, each taken while the balance covers it, so a later smaller request may still
     * pass after a larger one was refused. What was taken stays undecided for the same guarded debit.
     */
    void decide(Map<Long, LockedAccount> locked) {
        Map<Long, List<Integer>> taken = new LinkedHashMap<>();
        pending.forEach((id, indexes) -> {
            LockedAccount account = locked.get(id);
            long balance = account == null ? 0 : account.quota();
            for (int i : indexes) {
                ConsumeRequest r = requests.get(i);
                if (account == null || account.status() == 0) {
                    outcome[i] = QuotaErrors.userNotFound(id);
                } else if (account.status() != 1) {
                    outcome[i] = QuotaErrors.disabled(id);
                } else if (balance < r.amount()) {
                    outcome[i] = QuotaErrors.insufficient(id, balance, r.amount());
                } else {
                    balance -= r.amount();
                    taken.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
                }
            }
        });
        pending.clear();
        pending.putAll(taken);
    }

    /** The ledger rows to write, in arrival order. */
    List<Taken> taken() {
        List<Taken> rows = new ArrayList<>(after.size());
        after.forEach((i, balances) -> rows.add(new Taken(requests.get(i), balances)));
        return rows;
    }

    /** The ledger row written for a taken request. */
    void inserted(LedgerEntry entry) {
        Integer i = first.get(new ConsumeRequest.Key(entry.actor(), entry.idempotencyKey()));
        if (i == null || !after.containsKey(i)) {
            throw new IllegalStateException("ledger row " + entry.id() + " answers no request taken in this batch");
        }
        outcome[i] = new Applied(entry, false);
    }

    /**
     * Outcomes in request order, each an {@link Applied} or an {@link dev.userinfo.quota.web.ApiError}. A repeated
     * key within the batch gets its first request's result (as a replay, or its refusal) when it asks for the same
     * account and amount, and is refused as a reused key otherwise.
     */
    Object[] outcomes() {
        for (int i = 0; i < outcome.length; i++) {
            if (outcome[i] instanceof Integer firstIndex) {
                Object result = outcome[firstIndex];
                ConsumeRequest r = requests.get(i);
                ConsumeRequest f = requests.get(firstIndex);
                if (r.userId() != f.userId() || r.amount() != f.amount()) {
                    outcome[i] = QuotaErrors.keyReused(r.idempotencyKey());
                } else {
                    outcome[i] = result instanceof Applied a ? new Applied(a.entry(), true) : result;
                }
            }
        }
        return outcome.clone();
    }

    private long total(List<Integer> indexes) {
        long sum = 0;
        for (int i : indexes) {
            sum += requests.get(i).amount();
        }
        return sum;
    }
}
