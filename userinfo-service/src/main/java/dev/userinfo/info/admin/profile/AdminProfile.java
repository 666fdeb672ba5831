package dev.userinfo.info.admin.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A profile as the admin sees it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AdminProfile(long user_id, String account, String display_name, String nickname, String avatar, int gender,
                           String email, String phone, String last_login_ip, String status, long version,
                           long chat_duration_seconds) {
}
