package dev.userinfo.auth.scope;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every scope the platform knows, with the texts a consent page shows. */
public enum Scope {
    OPENID("openid", "以 OpenID Connect 登录", "Sign you in with OpenID Connect"),
    PROFILE("profile", "读取你的昵称、头像和性别", "Read your nickname, avatar and gender"),
    EMAIL("email", "读取你的电子邮箱", "Read your email address"),
    PHONE("phone", "读取你的手机号码", "Read your phone number"),
    OFFLINE_ACCESS("offline_access", "在你离线时继续访问", "Keep access while you are offline"),
    SNSAPI_BASE("snsapi_base", "获取你的 open_id", "Know your open_id"),
    SNSAPI_USERINFO("snsapi_userinfo", "获取你的昵称和性别", "Read your nickname and gender"),
    USER_INFO_READ("user_info_read", "读取你的用户名和头像", "Read your username and avatar"),
    USER_CHAT_DURATION_READ("user_chat_duration_read", "读取你的聊天时长", "Read your chat duration"),
    ORG_READ("org_read", "读取你所属的组织和角色", "Read your organisations and roles"),
    QUOTA_READ("quota_read", "读取你的账户额度", "Read your account quota"),
    QUOTA_WRITE("quota_write", "使用你的账户额度", "Spend your account quota");

    private static final Map<String, Scope> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Scope::value, Function.identity()));

    private final String value;
    private final String zh;
    private final String en;

    Scope(String value, String zh, String en) {
        this.value = value;
        this.zh = zh;
        this.en = en;
    }

    /** The scope token as it appears on the wire (RFC 6749 §3.3). */
    public String value() {
        return value;
    }

    public String description(boolean chinese) {
        return chinese ? zh : en;
    }

    public static Optional<Scope> of(String value) {
        return Optional.ofNullable(BY_NAME.get(value));
    }

    public static Set<String> allValues() {
        return Arrays.stream(values()).map(Scope::value).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Whether an app registered in the developer console needs an operator's approval before it may be granted this
     * scope (issue #18): quota_write moves money, org_read reads directories.
     */
    public boolean needsApproval() {
        return this == QUOTA_WRITE || this == ORG_READ;
    }

    /** Whether {@code value} names a scope that {@link #needsApproval()}. */
    public static boolean privileged(String value) {
        return of(value).map(Scope::needsApproval).orElse(false);
    }

    /** Splits a space-delimited scope parameter (RFC 6749 §3.3) into its tokens, order kept, duplicates dropped. */
    public static Set<String> parse(String scope) {
        Set<String> tokens = new LinkedHashSet<>();
        if (scope != null) {
            for (String token : scope.split(" ")) {
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }
}
