package dev.userinfo.info.admin.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The fields this service owns on a delivered user; absent or null means unchanged. {@code nickname} ""
 * falls back to the delivered display name; {@code last_login_ip} "" clears it.
 */
@RegisterForReflection
public record ProfilePatch(Long user_id, String nickname, String avatar, Integer gender, String last_login_ip,
                           Long chat_duration_seconds) {
}
