package dev.userinfo.contracts.appevent;

import java.time.Instant;
import java.util.List;

/**
 * One app registration event of auth-service's delivery (docs/internal-contracts.md §5), as {@link AppEventValidator}
 * read it: every field has the contract's type. Optional fields are null when absent.
 *
 * @param occurredAt when the change committed at auth-service
 */
public record AppEvent(String eventId, long seq, String type, Instant occurredAt, App app) {

    /** {@code app.created}, {@code app.updated}, {@code app.disabled}, {@code app.enabled}, {@code app.deleted}. */
    public static final List<String> TYPES = List.of("app.created", "app.updated", "app.disabled", "app.enabled", "app.deleted");

    /** {@code status} of the snapshot. */
    public static final List<String> STATUSES = List.of("active", "disabled", "deleted");

    /** The only scope that may deliver, carried by auth-service's own client token (§5); no app can register it. */
    public static final String SCOPE = "platform.app-events";

    /**
     * The full snapshot of the app after the change; for a deleted app only {@code appid}, {@code status} and
     * {@code version} are meaningful (§5).
     *
     * @param appid    seed 004's numeric {@code appid}
     * @param clientId the OAuth {@code client_id} its tokens carry (seed 001's {@code app_id}); never purely numeric
     */
    public record App(long appid, String clientId, String name, String status, long version) {

        public boolean deleted() {
            return "deleted".equals(status);
        }

        public boolean active() {
            return "active".equals(status);
        }
    }
}
