package dev.userinfo.info.prompt;

/** What became of asking auth-service to open an authorization request (docs/internal-contracts.md §4). */
public sealed interface PromptOutcome {

    /**
     * An authorization request to send the user to: auth-service's ({@code requestId} set), or, when auth-service
     * could not be asked, one built here ({@code requestId} null, {@code prompted} false); for an unproven call only a
     * state-less URL ({@code requestId} and {@code prompted} null).
     */
    record Opened(String authorizeUrl, String requestId, Boolean prompted) implements PromptOutcome {
        /** The app did not prove itself (or its proof failed): {@code prompted} is null and must not be told. */
        public boolean unproven() {
            return prompted == null;
        }
    }

    /**
     * How the app proved itself on seed 000's call (issue #13 item 4); only a proven call opens a request, learns
     * {@code prompted} and counts against the app's rate limit.
     */
    sealed interface Proof {
        /** No proof: nothing is opened, the answer is the same for every user. */
        record None() implements Proof {
        }

        /** The app's own client_credentials token, verified here (its client_id is the request's). */
        record ClientToken() implements Proof {
        }

        /** The app's HTTP Basic secret, which only auth-service can check. */
        record ClientSecret(String secret) implements Proof {
            @Override
            public String toString() {
                return "ClientSecret[***]";
            }
        }

        Proof NONE = new None();
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
