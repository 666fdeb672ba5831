package dev.userinfo.bench.data;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Seed 000's prompt audit at auth-service (authorization_prompt_event): prompts of the last 25 days (inside the 30-day
 * retention, so PromptExpiry keeps them) that were opened and expired unanswered, two events each.
 */
final class PromptEvents implements CopyPart {

    private final long events;

    PromptEvents(long events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "prompt-events";
    }

    @Override
    public String write(Connection tx, ScaleData data) throws Exception {
        if (events == 0 || data.appIds.length == 0) {
            return "prompt_events=0";
        }
        int prompts = (int) ((events + 1) / 2);
        String[] ids = new String[prompts];
        Instant[] opened = new Instant[prompts];
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (CopyRows rows = new CopyRows(tx, "auth.authorization_prompt",
                "id, appid, user_id, scopes, redirect_uri, state, status, pushed, created_at, expires_at")) {
            for (int i = 0; i < prompts; i++) {
                ids[i] = "pr_" + java.util.HexFormat.of().formatHex(data.randomHash(), 0, 16);
                opened[i] = now.minus(1 + data.random.nextInt(25 * 24 * 60), ChronoUnit.MINUTES);
                rows.row(ids[i], data.appIds[data.anyApp()], data.anyUser(), "{openid,profile}",
                        "https://app.example.test/callback", "s" + i, "expired", true, opened[i], opened[i].plus(5, ChronoUnit.MINUTES));
            }
        }
        long written;
        try (CopyRows rows = new CopyRows(tx, "auth.authorization_prompt_event", "prompt_id, event, at")) {
            for (int i = 0; i < prompts; i++) {
                rows.row(ids[i], "opened", opened[i]);
                if (rows.rows() < events) {
                    rows.row(ids[i], "expired", opened[i].plus(5, ChronoUnit.MINUTES));
                }
            }
            written = rows.rows();
        }
        return "prompt_events=" + written;
    }
}
