package dev.userinfo.info.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.info.ServiceTest;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The user cache is really used, and every kind of write makes it drop what changed. */
@QuarkusTest
@QuarkusTestResource(JwksTestResource.class)
class UserCacheTest extends ServiceTest {

    @Inject
    UserDirectory directory;

    private String username(long userId) {
        return given().header("Authorization", "Bearer " + tokens().forUser(String.valueOf(userId), "demo-app", "user_info_read"))
                .get("/chatroom/api/account/info?client_id=demo-app&redirect_uri=x&scope=user_info_read")
                .then().statusCode(200).extract().path("result.username");
    }

    @Test
    void listensForChanges() {
        assertTrue(directory.listening(), "the cache is only used while this pod listens on the change channel");
    }

    @Test
    void aDeliveredUpdateIsServedAtOnce() {
        long id = createUser("c1", "Before", "", null);
        assertEquals("Before", username(id));
        // a write that bypasses every invalidation (no NOTIFY): the cache keeps answering, so it is in use
        sql("UPDATE profile SET display_name = 'Sneaky' WHERE user_id = $1", id);
        assertEquals("Before", username(id));
        deliver(event(2, "user.updated", id, 2, "c1", "After", "", null, "active")).statusCode(200);
        assertEquals("After", username(id));
        deliver(event(3, "user.disabled", id, 3, "c1", "After", "", null, "disabled")).statusCode(200);
        given().header("Authorization", "Bearer " + tokens().forUser(String.valueOf(id), "demo-app", "user_info_read"))
                .get("/chatroom/api/account/info?client_id=demo-app&redirect_uri=x&scope=user_info_read").then().statusCode(404);
    }

    @Test
    void aNewUserIsNotHiddenByAnEarlierMiss() {
        long id = newUserId();
        given().header("Authorization", "Bearer " + tokens().forUser(String.valueOf(id), "demo-app", "user_info_read"))
                .get("/chatroom/api/account/info?client_id=demo-app&redirect_uri=x&scope=user_info_read").then().statusCode(404);
        deliver(event(1, "user.created", id, 1, "late", "Late", "", null, "active")).statusCode(200);
        assertEquals("Late", username(id));
    }

    /** Another pod commits a change and NOTIFYs in the same transaction; this pod hears it and drops the entry. */
    @Test
    void anotherPodsCommitReachesThisPodsCache() throws InterruptedException {
        long id = createUser("c2", "Old", "", null);
        assertEquals("Old", username(id));
        pool.withTransaction(tx -> tx.preparedQuery("UPDATE profile SET display_name = 'New' WHERE user_id = $1").execute(Tuple.of(id))
                        .flatMap(ignored -> tx.preparedQuery("SELECT pg_notify('userinfo_changed', $1)").execute(Tuple.of(String.valueOf(id)))))
                .await().atMost(Duration.ofSeconds(10));
        // the notification is asynchronous: wait for it (bounded), not for a fixed time
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String seen = username(id);
        while (!"New".equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = username(id);
        }
        assertEquals("New", seen);
    }

    @Test
    void everythingNotificationDropsAll() throws InterruptedException {
        long id = createUser("c3", "One", "", null);
        assertEquals("One", username(id));
        pool.withTransaction(tx -> tx.preparedQuery("UPDATE profile SET display_name = 'Two' WHERE user_id = $1").execute(Tuple.of(id))
                        .flatMap(ignored -> tx.query("SELECT pg_notify('userinfo_changed', '*')").execute()))
                .await().atMost(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String seen = username(id);
        while (!"Two".equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = username(id);
        }
        assertEquals("Two", seen);
    }
}
