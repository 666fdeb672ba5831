package dev.userinfo.auth.prompt;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Why the user named by an app's opened request is (not) prompted (issue #6), recorded as the detail of the request's
 * {@code opened} audit event. Only a user who is active, authorized this app (or the operator made it first-party),
 * has not muted it and has a page open (or closed one within the grace period) is prompted.
 */
public enum Eligibility {
    PUSHED("pushed"),
    NO_USER("no user_id"),
    NOT_AUTHORIZED("not authorized before"),
    NO_GRANTED_SCOPE("no granted scope requested"),
    MUTED("muted"),
    OFFLINE("offline");

    private final String auditDetail;

    Eligibility(String auditDetail) {
        this.auditDetail = auditDetail;
    }

    /** The audit trail's words for it (GET /admin/prompts, events[].detail). */
    public String auditDetail() {
        return auditDetail;
    }

    /** What is known of the named user when the request opens; {@code granted} is null without a consent. */
    record Facts(boolean active, Set<String> granted, boolean firstParty, boolean muted, boolean online) {
    }

    /** The reason, and the scopes the prompt may carry. */
    record Decision(Eligibility why, Set<String> scopes) {
        boolean pushed() {
            return why == PUSHED;
        }
    }

    /** A request that names no user prompts nobody. */
    static Decision noUser(Set<String> requested) {
        return new Decision(NO_USER, requested);
    }

    /** Issue #13 item 4: a prompt never widens a consent, so for an authorized app it carries requested ∩ granted. */
    static Decision decide(Facts facts, Set<String> requested) {
        if (!facts.active() || (facts.granted() == null && !facts.firstParty())) {
            return new Decision(NOT_AUTHORIZED, requested);
        }
        Set<String> scopes = new LinkedHashSet<>(requested);
        if (facts.granted() != null) {
            scopes.retainAll(facts.granted());
            if (scopes.isEmpty()) {
                return new Decision(NO_GRANTED_SCOPE, requested);
            }
        }
        if (facts.muted()) {
            return new Decision(MUTED, scopes);
        }
        return new Decision(facts.online() ? PUSHED : OFFLINE, scopes);
    }

    /**
     * Issue #13 item 4 at the answer: the prompt's scopes must still be within what the user granted (withdrawn or
     * narrowed since it opened: refused); without a consent only a first-party app's prompt may be the first one.
     */
    static boolean stillApprovable(Set<String> granted, boolean firstParty, Collection<String> scopes) {
        return granted == null ? firstParty : granted.containsAll(scopes);
    }
}
