package dev.userinfo.info.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What an admin write touched: the users whose cached snapshot it made stale ({@code all} when it may be anyone, an org
 * or role renamed), and each change for the audit trail (issue #18), which {@link AdminWrites} records in the same
 * transaction.
 */
public final class Touched {

    /**
     * One change: {@code action} {@code <noun>.<verb>} on {@code target} {@code <noun>:<id>}, the record before and after
     * (null on create or delete), serialized as JSON; never a secret.
     */
    public record Change(String action, String target, Object before, Object after) {
    }

    private final LinkedHashSet<Long> users = new LinkedHashSet<>();
    private final List<Change> changes = new ArrayList<>();
    private boolean all;

    public void user(long userId) {
        users.add(userId);
    }

    public void everyone() {
        all = true;
    }

    /** Records a change; {@code action} is {@code <created>} when there was nothing before, else {@code <updated>}. */
    public void changed(String created, String updated, String target, Object before, Object after) {
        changed(before == null ? created : updated, target, before, after);
    }

    public void changed(String action, String target, Object before, Object after) {
        changes.add(new Change(action, target, before, after));
    }

    public List<Long> users() {
        return List.copyOf(users);
    }

    public boolean all() {
        return all;
    }

    public List<Change> changes() {
        return List.copyOf(changes);
    }
}
