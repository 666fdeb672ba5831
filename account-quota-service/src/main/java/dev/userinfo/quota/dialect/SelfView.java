package dev.userinfo.quota.dialect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userinfo.quota.account.Account;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code data} of seed 003's {@code GET /api/user/self}: its 29 properties in its order (x-apifox-orders) and
 * JSON types. The secrets the seed lists are never filled: {@code password} and {@code verification_code} are
 * always "", {@code access_token} and {@code deleted_at} always null.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "username", "password", "display_name", "role", "status", "email", "github_id", "wechat_id",
        "oidc_id", "google_id", "verification_code", "access_token", "quota", "used_quota", "request_count", "group",
        "can_use_self_group", "aff_code", "inviter_id", "aff_count", "aff_quota", "aff_history_quota", "created_at",
        "last_login_at", "last_login_ip", "deleted_at", "group_ratio", "topup_ratio"})
public record SelfView(long id, String username, String password,
                       @JsonProperty("display_name") String displayName, int role, int status, String email,
                       @JsonProperty("github_id") String githubId, @JsonProperty("wechat_id") String wechatId,
                       @JsonProperty("oidc_id") String oidcId, @JsonProperty("google_id") String googleId,
                       @JsonProperty("verification_code") String verificationCode,
                       @JsonProperty("access_token") Object accessToken, long quota,
                       @JsonProperty("used_quota") long usedQuota, @JsonProperty("request_count") long requestCount,
                       String group, @JsonProperty("can_use_self_group") boolean canUseSelfGroup,
                       @JsonProperty("aff_code") String affCode, @JsonProperty("inviter_id") long inviterId,
                       @JsonProperty("aff_count") int affCount, @JsonProperty("aff_quota") long affQuota,
                       @JsonProperty("aff_history_quota") long affHistoryQuota,
                       @JsonProperty("created_at") long createdAt, @JsonProperty("last_login_at") long lastLoginAt,
                       @JsonProperty("last_login_ip") String lastLoginIp, @JsonProperty("deleted_at") Object deletedAt,
                       @JsonProperty("group_ratio") int groupRatio, @JsonProperty("topup_ratio") int topupRatio) {

    static SelfView of(Account a, int groupRatio, int topupRatio) {
        return new SelfView(a.id(), a.username(), "", a.displayName(), a.role(), a.status(), a.email(), a.githubId(),
                a.wechatId(), a.oidcId(), a.googleId(), "", null, a.quota(), a.usedQuota(), a.requestCount(), a.group(),
                a.canUseSelfGroup(), a.affCode(), a.inviterId(), a.affCount(), a.affQuota(), a.affHistoryQuota(),
                a.createdAt(), a.lastLoginAt(), a.lastLoginIp(), null, groupRatio, topupRatio);
    }
}
