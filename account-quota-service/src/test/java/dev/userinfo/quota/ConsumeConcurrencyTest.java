package dev.userinfo.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The overdraw of one-api#2440 / new-api#5690 cannot happen here: thousands of consumes over real HTTPS, 64 in
 * flight at once, at one account whose balance covers only part of them, and each idempotency key sent several
 * times at once. The sums are checked exactly against the database afterwards.
 */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class ConsumeConcurrencyTest extends QuotaTestSupport {

    private static final int IN_FLIGHT = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutorService executor;
    private HttpClient client;
    private String token;

    @BeforeEach
    void client() throws Exception {
        executor = Executors.newFixedThreadPool(4);
        client = HttpClient.newBuilder().sslContext(localTls()).version(HttpClient.Version.HTTP_1_1)
                .executor(executor).build();
        token = serviceToken();
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    record Sent(long amount, String key, int status, JsonNode body, boolean replayed) {
    }

    /** Sends every request, at most IN_FLIGHT at a time, and returns the answers in request order. */
    private List<Sent> fire(List<long[]> amountsAndUsers, List<String> keys) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Sent>> futures = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            long amount = amountsAndUsers.get(i)[0];
            long user = amountsAndUsers.get(i)[1];
            String key = keys.get(i);
            String body = "{\"user_id\":" + user + ",\"amount\":" + amount + ",\"idempotency_key\":\"" + key
                    + "\",\"reason\":\"load\"}";
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + url.getPort() + "/api/quota/consume"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            slots.acquire();
            futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> slots.release())
                    .thenApply(r -> {
                        try {
                            return new Sent(amount, key, r.statusCode(), JSON.readTree(r.body()),
                                    r.headers().firstValue("Idempotent-Replayed").isPresent());
                        } catch (Exception e) {
                            throw new IllegalStateException(r.body(), e);
                        }
                    }));
        }
        List<Sent> out = new ArrayList<>();
        for (CompletableFuture<Sent> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void twoThousandConcurrentConsumesNeverOverdrawAndSumExactly() throws Exception {
        long initial = 100_000;
        long id = newAccount(initial);
        Random random = new Random(42);
        List<long[]> requests = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            requests.add(new long[] {50 + random.nextInt(101), id});   // 100 on average: about half fit
            keys.add("load-" + id + "-" + i);
        }
        List<Sent> answers = fire(requests, keys);

        long accepted = 0;
        long acceptedSum = 0;
        long refused = 0;
        for (Sent s : answers) {
            if (s.status == 200) {
                accepted++;
                acceptedSum += s.amount;
                assertEquals(s.amount, s.body.get("data").get("amount").longValue());
                assertTrue(s.body.get("data").get("quota").longValue() >= 0);
            } else {
                assertEquals(409, s.status, s.body.toString());
                assertEquals("insufficient_quota", s.body.get("error").textValue());
                assertTrue(s.body.get("data").get("quota").longValue() < s.amount, "refused only if it did not fit");
                refused++;
            }
        }
        assertTrue(accepted > 0 && refused > 0, "the balance covered part of the requests: " + accepted + "/" + refused);
        Row a = account(id);
        assertEquals(initial - acceptedSum, a.getLong("quota"));
        assertEquals(acceptedSum, a.getLong("used_quota"));
        assertEquals(accepted, a.getLong("request_count"));
        assertEquals(acceptedSum, ledgerSum(id, "consume"), "the ledger sums to used_quota");
        assertEquals(accepted, ledgerCount(id));
        Row minimum = sql("SELECT min(quota_after), count(DISTINCT quota_after) FROM ledger WHERE account_id = $1", id)
                .iterator().next();
        assertTrue(minimum.getLong(0) >= 0, "never negative");
        assertEquals(accepted, minimum.getLong(1), "every accepted consume left its own balance behind");
        // The balances after each consume, in ledger order, fall by exactly each amount from the initial quota.
        long balance = initial;
        for (Row r : sql("SELECT amount, quota_after FROM ledger WHERE account_id = $1 ORDER BY quota_after DESC", id)) {
            balance -= r.getLong("amount");
            assertEquals(balance, r.getLong("quota_after"));
        }
    }

    /**
     * Fresh keys that all fit: each batch is debited and ledgered by one statement (issue #19). Every answer is its
     * own ledger row, and the rows in ledger order carry the exact running balances, as a step-by-step batch would.
     */
    @Test
    void consumesThatAllFitLeaveTheExactBalancesOnEveryLedgerRowAndInEveryAnswer() throws Exception {
        long initial = 1_000_000;
        long id = newAccount(initial);
        Random random = new Random(11);
        List<long[]> requests = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            requests.add(new long[] {1 + random.nextInt(100), id});
            keys.add("fit-" + id + "-" + i);
        }
        Map<Long, Long> answeredQuota = new HashMap<>();
        for (Sent s : fire(requests, keys)) {
            assertEquals(200, s.status, s.body.toString());
            assertFalse(s.replayed, "fresh keys are never replays");
            answeredQuota.put(s.body.get("data").get("ledger_id").longValue(), s.body.get("data").get("quota").longValue());
        }
        long quota = initial;
        long used = 0;
        long count = 0;
        for (Row r : sql("SELECT id, amount, quota_after, used_quota_after, request_count_after FROM ledger"
                + " WHERE account_id = $1 ORDER BY id", id)) {
            quota -= r.getLong("amount");
            used += r.getLong("amount");
            count++;
            assertEquals(quota, r.getLong("quota_after"), "row " + r.getLong("id"));
            assertEquals(used, r.getLong("used_quota_after"), "row " + r.getLong("id"));
            assertEquals(count, r.getLong("request_count_after"), "row " + r.getLong("id"));
            assertEquals(quota, answeredQuota.get(r.getLong("id")), "the answer of row " + r.getLong("id"));
        }
        assertEquals(1_000, count);
        Row a = account(id);
        assertEquals(quota, a.getLong("quota"));
        assertEquals(used, a.getLong("used_quota"));
        assertEquals(count, a.getLong("request_count"));
    }

    @Test
    void eachIdempotencyKeySentSeveralTimesConcurrentlyIsAppliedOnce() throws Exception {
        long initial = 10_000_000;
        long id = newAccount(initial);
        Random random = new Random(7);
        Map<String, Long> amountOf = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            amountOf.put("dup-" + id + "-" + k, 1L + random.nextInt(1000));
            for (int copy = 0; copy < 4; copy++) {
                order.add(k);
            }
        }
        Collections.shuffle(order, random);
        List<long[]> requests = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int k : order) {
            String key = "dup-" + id + "-" + k;
            keys.add(key);
            requests.add(new long[] {amountOf.get(key), id});
        }
        List<Sent> answers = fire(requests, keys);

        Map<String, Set<Long>> ledgerIds = new HashMap<>();
        Map<String, Integer> fresh = new HashMap<>();
        for (Sent s : answers) {
            assertEquals(200, s.status, s.body.toString());
            ledgerIds.computeIfAbsent(s.key, k -> new HashSet<>()).add(s.body.get("data").get("ledger_id").longValue());
            if (!s.replayed) {
                fresh.merge(s.key, 1, Integer::sum);
            }
        }
        long sum = amountOf.values().stream().mapToLong(Long::longValue).sum();
        ledgerIds.forEach((key, ids) -> assertEquals(1, ids.size(), key + " answered with one ledger row"));
        amountOf.keySet().forEach(key -> assertEquals(1, fresh.get(key), key + " applied once, replayed otherwise"));
        Row a = account(id);
        assertEquals(initial - sum, a.getLong("quota"));
        assertEquals(sum, a.getLong("used_quota"));
        assertEquals(300, a.getLong("request_count"));
        assertEquals(300, ledgerCount(id));
        assertEquals(sum, ledgerSum(id, "consume"));
    }

    /**
     * The same key for two accounts at once. When the two accounts sit on different lanes, both transactions find
     * the key unused and race to the ledger's unique index; the loser rolls back and runs again, and then sees the
     * winner: exactly one request per key is applied, the other is told the key was used for something else.
     */
    @Test
    void oneKeyRacedForTwoAccountsIsAppliedOnceAndTheOtherRefused() throws Exception {
        long initial = 1_000_000;
        long first = newAccount(initial);
        long second = newAccount(initial);
        List<long[]> requests = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            String key = "race-" + first + "-" + k;
            requests.add(new long[] {10, first});
            keys.add(key);
            requests.add(new long[] {10, second});
            keys.add(key);
        }
        List<Sent> answers = fire(requests, keys);
        Map<String, Integer> applied = new HashMap<>();
        for (Sent s : answers) {
            if (s.status == 200) {
                applied.merge(s.key, 1, Integer::sum);
            } else {
                assertEquals(422, s.status, s.body.toString());
                assertEquals("idempotency_key_reused", s.body.get("error").textValue());
            }
        }
        assertEquals(200, applied.size(), "every key applied");
        applied.forEach((key, n) -> assertEquals(1, n, key + " applied once"));
        long spent = (initial - account(first).getLong("quota")) + (initial - account(second).getLong("quota"));
        assertEquals(200 * 10, spent, "one debit per key across both accounts");
        assertEquals(200, ledgerCount(first) + ledgerCount(second));
    }

    @Test
    void consumesSpreadOverManyAccountsAreEachExact() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(newAccount(5_000));
        }
        Random random = new Random(3);
        List<long[]> requests = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            requests.add(new long[] {100 + random.nextInt(200), ids.get(random.nextInt(ids.size()))});
            keys.add("spread-" + ids.get(0) + "-" + i);
        }
        List<Sent> answers = fire(requests, keys);
        Map<Long, long[]> accepted = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            Sent s = answers.get(i);
            assertTrue(s.status == 200 || s.status == 409, s.body.toString());
            if (s.status == 200) {
                long[] acc = accepted.computeIfAbsent(requests.get(i)[1], k -> new long[2]);
                acc[0] += s.amount;
                acc[1]++;
            }
        }
        for (long id : ids) {
            long[] acc = accepted.getOrDefault(id, new long[2]);
            Row a = account(id);
            assertEquals(5_000 - acc[0], a.getLong("quota"));
            assertEquals(acc[0], a.getLong("used_quota"));
            assertEquals(acc[1], a.getLong("request_count"));
            assertEquals(acc[0], ledgerSum(id, "consume"));
        }
    }
}
