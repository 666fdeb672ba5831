package dev.userinfo.contracts.clients;

/**
 * Client ids the services agree on without configuration (docs/internal-contracts.md §1, §3, §4). Each is reserved at
 * auth-service: no app may register it, so a token naming it can only come from where the contract says.
 */
public final class WellKnownClients {

    /** {@code client_id} of every personal access token as introspection (RFC 7662) and jwt-verification present it. */
    public static final String PERSONAL_ACCESS_TOKEN = "personal-access-token";

    /** auth-service's own client: it mints the user-event delivery token ({@code sub} = {@code client_id}). */
    public static final String AUTH_SERVICE = "auth-service";

    /** userinfo-service's client: the default trigger client of authorization prompts (§4). */
    public static final String USERINFO_SERVICE = "userinfo-service";

    /**
     * auth-service's consoles (issue #18): the operator console mints the signed-in operator's own access token under
     * this client to call the other services' admin APIs.
     */
    public static final String PLATFORM_CONSOLE = "platform-console";

    private WellKnownClients() {
    }
}
