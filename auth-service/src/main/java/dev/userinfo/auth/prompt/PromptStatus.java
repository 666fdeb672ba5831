package dev.userinfo.auth.prompt;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A prompt's status (issue #6): pending until its user answers it or it expires, then never again changed. Stored in
 * {@code authorization_prompt.status} and shown to the app's poll and the audit view in lower case.
 */
public enum PromptStatus {
    PENDING, APPROVED, DENIED, EXPIRED;

    /**
     * The status as apps and operators see it: a pending one past its lifetime is expired, whether or not the sweep
     * (every {@code auth.prompts.sweep-interval}) has recorded it yet. Unqualified: only the prompt table has these columns.
     */
    static final String AS_SEEN_SQL = "CASE WHEN status = 'pending' AND expires_at <= now() THEN 'expired' ELSE status END";

    /** As stored and as on the wire. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code wire}. */
    public static PromptStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** Only a pending prompt changes, once: its user approves or denies it, or it expires. */
    public boolean canBecome(PromptStatus next) {
        return this == PENDING && next != PENDING;
    }

    /** What a user's answer makes of a pending prompt. */
    public static PromptStatus answer(boolean approved) {
        return approved ? APPROVED : DENIED;
    }
}
