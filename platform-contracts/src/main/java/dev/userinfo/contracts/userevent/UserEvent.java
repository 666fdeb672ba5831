package dev.userinfo.contracts.userevent;

import java.time.Instant;

/**
 * One user lifecycle event of auth-service's delivery (docs/internal-contracts.md §3), as {@link UserEventValidator}
 * read it: every field has the contract's type. Optional fields are null when absent.
 *
 * @param occurredAt when the change committed at auth-service
 */
public record UserEvent(String eventId, long seq, String type, Instant occurredAt, User user) {

    /** {@code user.created}, {@code user.updated}, {@code user.disabled}, {@code user.enabled}, {@code user.deleted}. */
    public static final java.util.List<String> TYPES =
            java.util.List.of("user.created", "user.updated", "user.disabled", "user.enabled", "user.deleted");

    /** {@code status} of the snapshot. */
    public static final java.util.List<String> STATUSES = java.util.List.of("active", "disabled", "deleted");

    /** The only scope that may deliver, carried by auth-service's own client token (§3). */
    public static final String SCOPE = "platform.user-events";

    /**
     * The full snapshot of the user after the change; for a deleted user only {@code id}, {@code status} and
     * {@code version} are meaningful (§3).
     *
     * @param inviterAffCode the aff_code the user signed up with (quota's affiliate programme, issue #5 item 4)
     */
    public record User(long id, String login, String displayName, String email, String phone, String status,
                       long version, Instant createdAt, Instant lastLoginAt, String lastLoginIp, String inviterAffCode) {

        public boolean deleted() {
            return "deleted".equals(status);
        }
    }
}
