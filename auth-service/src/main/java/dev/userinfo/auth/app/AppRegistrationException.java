package dev.userinfo.auth.app;

/** A registration the admin must correct; the message says what. */
public class AppRegistrationException extends RuntimeException {

    private final boolean conflict;

    public AppRegistrationException(String message, boolean conflict) {
        super(message, null, false, false);
        this.conflict = conflict;
    }

    public boolean conflict() {
        return conflict;
    }

    /** No app with that client_id. */
    public static final class NotFound extends AppRegistrationException {
        public NotFound() {
            super("no app with that client_id", false);
        }
    }
}
