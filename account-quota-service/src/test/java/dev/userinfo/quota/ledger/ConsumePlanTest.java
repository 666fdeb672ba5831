package dev.userinfo.quota.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.quota.ledger.ConsumePlan.Balances;
import dev.userinfo.quota.ledger.ConsumePlan.LockedAccount;
import dev.userinfo.quota.ledger.ConsumePlan.Share;
import dev.userinfo.quota.ledger.ConsumePlan.Taken;
import dev.userinfo.quota.web.ApiError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planning of a consume batch (which requests apply, in which order, which are refused), without SQL. */
class ConsumePlanTest {

    private static final LockedAccount ENABLED_100 = new LockedAccount(1, 100);

    private static ConsumeRequest consume(long userId, long amount, String key) {
        return new ConsumeRequest("billing", userId, amount, key, "chat");
    }

    private static LedgerEntry row(long id, ConsumeRequest r, Balances after) {
        return new LedgerEntry(id, r.userId(), "consume", r.amount(), -r.amount(), after.quota(), after.usedQuota(),
                after.requestCount(), r.actor(), r.idempotencyKey(), r.reason(), 1_700_000_000L);
    }

    /** Writes every taken request's ledger row, as the INSERT ... RETURNING would. */
    private static void insertAll(ConsumePlan plan) {
        long id = 1000;
        for (Taken t : plan.taken()) {
            plan.inserted(row(id++, t.request(), t.after()));
        }
    }

    private static ApiError refusal(Object outcome, int status, String code) {
        ApiError e = assertInstanceOf(ApiError.class, outcome);
        assertEquals(status, e.status());
        assertEquals(code, e.code());
        return e;
    }

    @Test
    void sharesWhenOneAccountHasSeveralRequestsThenOneShareWithTheirSumAndCount() {
        ConsumePlan plan = new ConsumePlan(List.of(consume(7, 10, "a"), consume(7, 15, "b"), consume(7, 5, "c")));
        plan.replay(List.of());
        assertEquals(List.of(new Share(7, 30, 3)), plan.shares());
    }

    @Test
    void sharesWhenSeveralAccountsThenOneShareEachInOrderOfTheirFirstRequest() {
        ConsumePlan plan = new ConsumePlan(List.of(consume(9, 1, "a"), consume(3, 2, "b"), consume(9, 4, "c")));
        plan.replay(List.of());
        assertEquals(List.of(new Share(9, 5, 2), new Share(3, 2, 1)), plan.shares());
    }

    @Test
    void freshWhenAccountsInterleaveAndAKeyRepeatsThenEachFirstRequestOnceInArrivalOrder() {
        ConsumeRequest a = consume(9, 1, "a");
        ConsumeRequest b = consume(3, 2, "b");
        ConsumeRequest c = consume(9, 4, "c");
        ConsumePlan plan = new ConsumePlan(List.of(a, b, consume(9, 1, "a"), c));
        plan.replay(List.of());
        assertEquals(List.of(a, b, c), plan.fresh(), "the twin of a waits for its first; accounts do not regroup the order");
    }

    @Test
    void debitedWhenTheWholeShareWasTakenThenEachRequestGetsTheBalancesRightAfterIt() {
        ConsumeRequest a = consume(7, 10, "a"), b = consume(7, 15, "b");
        ConsumePlan plan = new ConsumePlan(List.of(a, b));
        plan.replay(List.of());
        // The account held quota 100, used 50, 4 requests; the debit of 25 answers the row after both.
        plan.debited(7, new Balances(75, 75, 6));

        assertTrue(plan.undecidedAccounts().isEmpty());
        assertEquals(List.of(new Taken(a, new Balances(90, 60, 5)), new Taken(b, new Balances(75, 75, 6))), plan.taken());
        insertAll(plan);
        Object[] outcomes = plan.outcomes();
        assertEquals(90, assertInstanceOf(Applied.class, outcomes[0]).entry().quotaAfter());
        assertEquals(75, assertInstanceOf(Applied.class, outcomes[1]).entry().quotaAfter());
        assertFalse(((Applied) outcomes[0]).replayed());
    }

    @Test
    void debitedWhenTheAccountHadNoShareThenRefusedAsInconsistent() {
        ConsumePlan plan = new ConsumePlan(List.of(consume(7, 10, "a")));
        plan.replay(List.of());
        assertThrows(IllegalStateException.class, () -> plan.debited(8, new Balances(0, 0, 0)));
    }

    @Test
    void replayWhenTheLedgerHoldsTheKeyForTheSameRequestThenItsRowIsReplayedAndNothingIsDebited() {
        ConsumeRequest a = consume(7, 10, "a");
        LedgerEntry earlier = row(1, a, new Balances(90, 10, 1));
        ConsumePlan plan = new ConsumePlan(List.of(a));
        plan.replay(List.of(earlier));

        assertTrue(plan.shares().isEmpty());
        assertTrue(plan.taken().isEmpty());
        Applied replayed = assertInstanceOf(Applied.class, plan.outcomes()[0]);
        assertSame(earlier, replayed.entry());
        assertTrue(replayed.replayed());
    }

    @Test
    void replayWhenTheLedgerHoldsTheKeyForAnotherAmountOrUserThenKeyReused() {
        LedgerEntry earlier = row(1, consume(7, 10, "a"), new Balances(90, 10, 1));
        ConsumePlan plan = new ConsumePlan(List.of(consume(7, 11, "a"), consume(8, 10, "a")));
        plan.replay(List.of(earlier));

        assertTrue(plan.shares().isEmpty());
        Object[] outcomes = plan.outcomes();
        refusal(outcomes[0], 422, "idempotency_key_reused");
        refusal(outcomes[1], 422, "idempotency_key_reused");
    }

    @Test
    void replayWhenTheSameKeyComesFromAnotherActorThenItIsAFreshRequest() {
        LedgerEntry earlier = row(1, consume(7, 10, "a"), new Balances(90, 10, 1));
        ConsumePlan plan = new ConsumePlan(List.of(new ConsumeRequest("mail", 7, 10, "a", "chat")));
        plan.replay(List.of(earlier));
        assertEquals(List.of(new Share(7, 10, 1)), plan.shares());
    }

    @Test
    void keysWhenTheBatchRepeatsAKeyThenEachDistinctKeyOnceInArrivalOrder() {
        ConsumePlan plan = new ConsumePlan(List.of(consume(7, 1, "b"), consume(7, 1, "a"), consume(7, 1, "b")));
        assertEquals(List.of(new ConsumeRequest.Key("billing", "b"), new ConsumeRequest.Key("billing", "a")), plan.keys());
    }

    @Test
    void outcomesWhenAKeyRepeatsWithinTheBatchForTheSameRequestThenTheTwinReplaysItsFirst() {
        ConsumeRequest a = consume(7, 10, "a");
        ConsumePlan plan = new ConsumePlan(List.of(a, a));
        plan.replay(List.of());
        assertEquals(List.of(new Share(7, 10, 1)), plan.shares(), "the twin is not debited");
        plan.debited(7, new Balances(90, 10, 1));
        insertAll(plan);

        Object[] outcomes = plan.outcomes();
        Applied first = assertInstanceOf(Applied.class, outcomes[0]);
        Applied twin = assertInstanceOf(Applied.class, outcomes[1]);
        assertFalse(first.replayed());
        assertTrue(twin.replayed());
        assertSame(first.entry(), twin.entry());
    }

    @Test
    void outcomesWhenAKeyRepeatsWithinTheBatchForAnotherAmountThenTheTwinIsKeyReused() {
        ConsumePlan plan = new ConsumePlan(List.of(consume(7, 10, "a"), consume(7, 20, "a"), consume(8, 10, "a")));
        plan.replay(List.of());
        assertEquals(List.of(new Share(7, 10, 1)), plan.shares());
        plan.debited(7, new Balances(90, 10, 1));
        insertAll(plan);

        Object[] outcomes = plan.outcomes();
        assertInstanceOf(Applied.class, outcomes[0]);
        refusal(outcomes[1], 422, "idempotency_key_reused");
        refusal(outcomes[2], 422, "idempotency_key_reused");
    }

    @Test
    void outcomesWhenTheFirstOfTwinsIsRefusedThenTheTwinGetsTheSameRefusal() {
        ConsumeRequest a = consume(7, 500, "a");
        ConsumePlan plan = new ConsumePlan(List.of(a, a));
        plan.replay(List.of());
        plan.decide(Map.of(7L, ENABLED_100));

        Object[] outcomes = plan.outcomes();
        ApiError first = refusal(outcomes[0], 409, "insufficient_quota");
        assertSame(first, outcomes[1]);
    }

    @Test
    void decideWhenTheBalanceRunsOutThenRequestsAreTakenInArrivalOrderWhileItCoversThem() {
        ConsumeRequest a = consume(7, 60, "a"), b = consume(7, 50, "b"), c = consume(7, 40, "c"), d = consume(7, 1, "d");
        ConsumePlan plan = new ConsumePlan(List.of(a, b, c, d));
        plan.replay(List.of());
        plan.decide(Map.of(7L, ENABLED_100));

        // 60 fits (40 left), 50 does not, 40 fits exactly (0 left), 1 does not.
        assertEquals(List.of(new Share(7, 100, 2)), plan.shares());
        plan.debited(7, new Balances(0, 100, 2));
        assertEquals(List.of(new Taken(a, new Balances(40, 60, 1)), new Taken(c, new Balances(0, 100, 2))), plan.taken());
        insertAll(plan);

        Object[] outcomes = plan.outcomes();
        assertInstanceOf(Applied.class, outcomes[0]);
        ApiError refusedB = refusal(outcomes[1], 409, "insufficient_quota");
        assertEquals(Map.of("user_id", 7L, "quota", 40L, "amount", 50L), refusedB.data(), "the balance it met is shown");
        assertInstanceOf(Applied.class, outcomes[2]);
        ApiError refusedD = refusal(outcomes[3], 409, "insufficient_quota");
        assertEquals(Map.of("user_id", 7L, "quota", 0L, "amount", 1L), refusedD.data());
    }

    @Test
    void decideWhenTheAccountIsUnknownOrDeletedThenUserNotFound() {
        ConsumePlan plan = new ConsumePlan(List.of(consume(7, 1, "a"), consume(8, 1, "b")));
        plan.replay(List.of());
        plan.decide(Map.of(8L, new LockedAccount(0, 100)));

        assertTrue(plan.shares().isEmpty());
        Object[] outcomes = plan.outcomes();
        refusal(outcomes[0], 404, "user_not_found");
        refusal(outcomes[1], 404, "user_not_found");
    }

    @Test
    void decideWhenTheAccountIsDisabledThenAccountDisabledWhateverItsBalance() {
        ConsumePlan plan = new ConsumePlan(List.of(consume(7, 1, "a")));
        plan.replay(List.of());
        plan.decide(Map.of(7L, new LockedAccount(2, 100)));

        assertTrue(plan.shares().isEmpty());
        refusal(plan.outcomes()[0], 403, "account_disabled");
    }

    @Test
    void decideWhenSeveralAccountsThenEachIsDecidedOnItsOwnBalance() {
        ConsumeRequest a = consume(7, 80, "a"), b = consume(9, 80, "b"), c = consume(7, 30, "c"), d = consume(9, 20, "d");
        ConsumePlan plan = new ConsumePlan(List.of(a, b, c, d));
        plan.replay(List.of());
        assertEquals(List.of(new Share(7, 110, 2), new Share(9, 100, 2)), plan.shares());
        // Account 9 covered its whole share; account 7 (balance 100) did not.
        plan.debited(9, new Balances(0, 100, 2));
        assertEquals(List.of(7L), plan.undecidedAccounts());
        plan.decide(Map.of(7L, ENABLED_100));
        assertEquals(List.of(new Share(7, 80, 1)), plan.shares());
        plan.debited(7, new Balances(20, 80, 1));

        // Ledger rows in arrival order across accounts.
        assertEquals(List.of(new Taken(a, new Balances(20, 80, 1)), new Taken(b, new Balances(20, 80, 1)),
                new Taken(d, new Balances(0, 100, 2))), plan.taken());
        insertAll(plan);
        Object[] outcomes = plan.outcomes();
        assertInstanceOf(Applied.class, outcomes[0]);
        assertInstanceOf(Applied.class, outcomes[1]);
        refusal(outcomes[2], 409, "insufficient_quota");
        assertInstanceOf(Applied.class, outcomes[3]);
    }

    @Test
    void insertedWhenTheRowAnswersNoTakenRequestThenRefusedAsInconsistent() {
        ConsumeRequest a = consume(7, 1, "a");
        ConsumePlan plan = new ConsumePlan(List.of(a));
        plan.replay(List.of());
        assertThrows(IllegalStateException.class, () -> plan.inserted(row(1, a, new Balances(0, 1, 1))));
    }
}
