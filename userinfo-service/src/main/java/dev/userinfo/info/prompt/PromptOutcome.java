package dev.userinfo.info.prompt;

/** What became of asking auth-service to open an authorization request (docs/internal-contracts.md §4). */
public sealed interface PromptOutcome {

    /**
     * An authorization request to send the user to: auth-service's ({@code requestId} set), or, when auth-service
     * could not be asked, one built here ({@code requestId} null, {@code prompted} false).
     */
    record Opened(String authorizeUrl, String requestId, boolean prompted) implements PromptOutcome {
    }

    /** auth-service refused the app's parameters; nothing was opened. */
    record Refused(Refusal refusal, String description) implements PromptOutcome {
    }

    /** The app opened too many requests lately; {@code retryAfter} is auth-service's header value, or null. */
    record SlowDown(String retryAfter) implements PromptOutcome {
    }

    /** The contract's 400 errors. */
    enum Refusal {
        /** {@code unknown_client}: client_id unknown or disabled. */
        UNKNOWN_CLIENT,
        /** {@code invalid_redirect_uri}: not exactly a registered redirect URI of the app. */
        INVALID_REDIRECT_URI,
        /** {@code invalid_scope}: a scope unknown or not allowed for the app. */
        INVALID_SCOPE,
        /** {@code invalid_request}: anything else malformed; the description says what. */
        INVALID_REQUEST
    }
}
