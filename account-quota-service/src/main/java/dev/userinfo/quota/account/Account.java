package dev.userinfo.quota.account;

import io.vertx.mutiny.sqlclient.Row;

/** One row of {@code quota.account}: the fields of seed 003 plus the lifecycle delivered by auth-service. */
public record Account(long id, String username, String displayName, int role, int status, String email,
                      String githubId, String wechatId, String oidcId, String googleId, String group,
                      boolean canUseSelfGroup, String affCode, long inviterId, int affCount, long affQuota,
                      long affHistoryQuota, long quota, long usedQuota, long requestCount, long createdAt,
                      long lastLoginAt, String lastLoginIp, String lifecycle, boolean adminDisabled) {

    public static final int ROLE_COMMON = 1;
    public static final int ROLE_ADMIN = 10;
    public static final int ROLE_ROOT = 100;
    public static final int STATUS_ENABLED = 1;
    public static final int STATUS_DISABLED = 2;

    static final String COLUMNS = "id, username, display_name, role, status, email, github_id, wechat_id, oidc_id, "
            + "google_id, \"group\", can_use_self_group, aff_code, inviter_id, aff_count, aff_quota, aff_history_quota, "
            + "quota, used_quota, request_count, created_at, last_login_at, last_login_ip, lifecycle, admin_disabled";

    static Account of(Row r) {
        return new Account(r.getLong("id"), r.getString("username"), r.getString("display_name"),
                r.getInteger("role"), r.getInteger("status"), r.getString("email"), r.getString("github_id"),
                r.getString("wechat_id"), r.getString("oidc_id"), r.getString("google_id"), r.getString("group"),
                r.getBoolean("can_use_self_group"), r.getString("aff_code"), r.getLong("inviter_id"),
                r.getInteger("aff_count"), r.getLong("aff_quota"), r.getLong("aff_history_quota"), r.getLong("quota"),
                r.getLong("used_quota"), r.getLong("request_count"), r.getLong("created_at"),
                r.getLong("last_login_at"), r.getString("last_login_ip"), r.getString("lifecycle"),
                r.getBoolean("admin_disabled"));
    }

    public boolean deleted() {
        return "deleted".equals(lifecycle);
    }

    public boolean enabled() {
        return status == STATUS_ENABLED;
    }

    public boolean admin() {
        return role >= ROLE_ADMIN;
    }
}
