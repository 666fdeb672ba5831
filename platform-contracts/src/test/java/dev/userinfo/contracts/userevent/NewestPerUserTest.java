package dev.userinfo.contracts.userevent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch reduced to each user's newest snapshot (issue #19): what the version guard would leave of the whole batch. */
class NewestPerUserTest {

    private static UserEvent event(long seq, long user, long version, String login, String inviter) {
        return event(seq, user, version, login, inviter, "active");
    }

    private static UserEvent event(long seq, long user, long version, String login, String inviter, String status) {
        return new UserEvent("e" + seq, seq, "user.updated", Instant.EPOCH,
                new UserEvent.User(user, login, null, null, null, status, version, null, null, null, inviter));
    }

    @Test
    void aUserCreatedAndDeletedInOneBatchStillLivedButOneOnlyDeletedDidNot() {
        List<UserEventBatch.Newest> newest = UserEventBatch.newestPerUser(List.of(event(1, 7, 1, "a1", null),
                event(2, 7, 2, "", null, "deleted"), event(3, 8, 5, "", null, "deleted")));
        assertEquals("deleted", newest.get(0).user().status());
        assertEquals(true, newest.get(0).everLive(), "created within the batch: quota grants its new-account quota");
        assertEquals(false, newest.get(1).everLive());
    }

    @Test
    void eachUserKeepsItsHighestVersionInFirstSeenOrderWithHowManyEventsNamedIt() {
        List<UserEventBatch.Newest> newest = UserEventBatch.newestPerUser(List.of(event(1, 7, 1, "a1", "INV"),
                event(2, 8, 4, "b4", null), event(3, 7, 3, "a3", null), event(4, 8, 2, "b2", null), event(5, 7, 2, "a2", null)));
        assertEquals(2, newest.size());
        assertEquals(7, newest.get(0).user().id());
        assertEquals("a3", newest.get(0).user().login());
        assertEquals(3, newest.get(0).events());
        assertEquals("INV", newest.get(0).user().inviterAffCode(), "the creation's inviter code is not lost");
        assertEquals("b4", newest.get(1).user().login());
        assertEquals(2, newest.get(1).events());
    }
}
