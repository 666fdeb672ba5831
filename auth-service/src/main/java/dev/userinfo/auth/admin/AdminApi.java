package dev.userinfo.auth.admin;

/**
 * What every admin resource of this service shares: the paths the admin guard protects and the two OpenAPI security
 * schemes each admin operation declares (issue #18), either of which is enough.
 */
public final class AdminApi {

    /** Every resource under this path is an admin resource: the admin guard checks its credential first. */
    public static final String PATH = "/admin";

    /** The static operator bearer token {@code auth.admin.token}: automation and bootstrap (actor {@code admin-token}). */
    public static final String STATIC_SCHEME = "admin-token";

    /** An operator's own token: a console access token or personal access token with admin:read / admin:write. */
    public static final String OPERATOR_SCHEME = "operator";

    private AdminApi() {
    }

    /** Whether a request path (as matched, without query) is under {@link #PATH}. */
    public static boolean covers(String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }
}
