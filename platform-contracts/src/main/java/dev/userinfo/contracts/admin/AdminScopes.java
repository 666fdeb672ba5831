package dev.userinfo.contracts.admin;

/**
 * The operator scopes (issue #18): an operator's access token reaches the admin APIs of all three services beside the
 * static credential. auth-service grants them only to users with a platform role (operator: both; auditor: read), in
 * tokens of the console client {@link dev.userinfo.contracts.clients.WellKnownClients#PLATFORM_CONSOLE} or an
 * operator's own personal access token; no app may register or request them.
 */
public final class AdminScopes {

    /** Reads every admin API (auditors and operators). */
    public static final String READ = "admin:read";

    /** Changes through every admin API (operators only). */
    public static final String WRITE = "admin:write";

    private AdminScopes() {
    }

    /** The scope an admin request needs: reads (RFC 9110 §9.2.1 safe methods) need {@link #READ}, anything else {@link #WRITE}. */
    public static String requiredFor(String httpMethod) {
        return switch (httpMethod) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            default -> WRITE;
        };
    }
}
