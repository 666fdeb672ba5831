package dev.userinfo.info.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What the admin API reads and writes; JSON names are snake_case like the rest of our own APIs. */
public final class AdminRecords {

    private AdminRecords() {
    }

    @RegisterForReflection
    public record Org(Long org_id, String org_code, String org_name) {
    }

    @RegisterForReflection
    public record Role(Long role_id, String role_code, String role_name) {
    }

    @RegisterForReflection
    public record App(Long app_id, String client_id, Boolean directory_access) {
    }

    @RegisterForReflection
    public record Group(Long app_id, Integer group_id, String name) {
    }

    /** Roles a user holds in one organisation (seed 002's orgList entry). */
    @RegisterForReflection
    public record Membership(Long user_id, Long org_id, List<Long> role_ids) {
    }

    @RegisterForReflection
    public record GroupMember(Long app_id, Integer group_id, Long user_id) {
    }

    /**
     * The fields this service owns on a delivered user; absent or null means unchanged. {@code nickname} ""
     * falls back to the delivered display name; {@code last_login_ip} "" clears it.
     */
    @RegisterForReflection
    public record ProfilePatch(Long user_id, String nickname, String avatar, Integer gender, String last_login_ip,
                               Long chat_duration_seconds) {
    }

    /** A profile as the admin sees it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Profile(long user_id, String account, String display_name, String nickname, String avatar, int gender,
                          String email, String phone, String last_login_ip, String status, long version,
                          long chat_duration_seconds) {
    }

    /** One page of a list. */
    @RegisterForReflection
    public record Page<T>(List<T> items, long offset, int limit, long total) {
    }
}
