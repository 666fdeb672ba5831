package dev.userinfo.auth.authorize;

import java.util.LinkedHashMap;
import java.util.Map;

/** The doors into the authorization flow and how each writes its answer into the redirect URI. */
public enum Dialect {

    /** RFC 6749 §4.1 with RFC 7636 and RFC 9207: {@code code}, {@code state}, {@code iss}; errors per §4.1.2.1. */
    OAUTH2("/oauth2/authorize", "client_id") {
        @Override
        Map<String, String> success(String code, String state, String issuer) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("code", code);
            putIfPresent(params, "state", state);
            params.put("iss", issuer);
            return params;
        }

        @Override
        Map<String, String> error(String error, String description, String state, String issuer) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("error", error);
            putIfPresent(params, "error_description", description);
            putIfPresent(params, "state", state);
            params.put("iss", issuer);
            return params;
        }
    },

    /** Seed 001 第一步: entered with {@code app_id}; answers {@code err_code}, {@code code}, {@code state}. */
    SEED001("/userservices/v2/authorization/authorize", "app_id") {
        @Override
        Map<String, String> success(String code, String state, String issuer) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("err_code", "0");
            params.put("code", code);
            putIfPresent(params, "state", state);
            params.put("iss", issuer);
            return params;
        }

        @Override
        Map<String, String> error(String error, String description, String state, String issuer) {
            Object[] mapped = SEED001_ERRORS.getOrDefault(error, SEED001_INVALID_REQUEST);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("err_code", mapped[0].toString());
            params.put("err_msg", (String) mapped[1]);
            putIfPresent(params, "state", state);
            params.put("iss", issuer);
            return params;
        }
    };

    /** Seed 001's err_code and err_msg per authorization error; the README's table. 0 is success (seed 001, 返回说明). */
    static final Map<String, Object[]> SEED001_ERRORS = Map.of(
            "access_denied", new Object[] {-4, "用户拒绝授权"},
            "invalid_scope", new Object[] {-3, "无效的scope"},
            "login_required", new Object[] {-6, "用户未登录"},
            "consent_required", new Object[] {-7, "用户未授权"},
            "server_error", new Object[] {-9, "系统繁忙，请稍后再试"});
    static final Object[] SEED001_INVALID_REQUEST = {-1, "无效的请求"};

    private final String entryPath;
    private final String clientIdParameter;

    Dialect(String entryPath, String clientIdParameter) {
        this.entryPath = entryPath;
        this.clientIdParameter = clientIdParameter;
    }

    public String entryPath() {
        return entryPath;
    }

    /** The parameter naming the app: OAuth's {@code client_id} or seed 001's {@code app_id}. */
    public String clientIdParameter() {
        return clientIdParameter;
    }

    abstract Map<String, String> success(String code, String state, String issuer);

    abstract Map<String, String> error(String error, String description, String state, String issuer);

    /** The consent form's name for this door, and back. */
    public String formValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Dialect fromFormValue(String value) {
        for (Dialect dialect : values()) {
            if (dialect.formValue().equals(value)) {
                return dialect;
            }
        }
        return null;
    }

    /**
     * The redirect URI with the answer appended to its query, keeping any query it was registered with
     * (RFC 6749 §3.1.2: "MUST retain the query component").
     */
    static String redirect(String redirectUri, Map<String, String> params) {
        StringBuilder url = new StringBuilder(redirectUri);
        char separator = redirectUri.indexOf('?') >= 0 ? '&' : '?';
        if (redirectUri.endsWith("?") || redirectUri.endsWith("&")) {
            separator = 0;
        }
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (separator != 0) {
                url.append(separator);
            }
            url.append(AuthorizationRequest.encode(param.getKey())).append('=')
                    .append(AuthorizationRequest.encode(param.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    private static void putIfPresent(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }
}
