package dev.userinfo.info.admin;

import java.util.LinkedHashSet;
import java.util.List;

/** Users whose cached snapshot an admin write made stale; {@code all} when it may be anyone (an org or role renamed). */
public final class Touched {

    private final LinkedHashSet<Long> users = new LinkedHashSet<>();
    private boolean all;

    public void user(long userId) {
        users.add(userId);
    }

    public void everyone() {
        all = true;
    }

    public List<Long> users() {
        return List.copyOf(users);
    }

    public boolean all() {
        return all;
    }
}
