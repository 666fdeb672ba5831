package dev.userinfo.auth.user;

/** A user write refused for a reason the caller can fix; {@code status} is the HTTP status of the admin API. */
public final class UserException extends RuntimeException {

    private final int status;
    private final String code;

    public UserException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static UserException invalid(String message) {
        return new UserException(400, "invalid_request", message);
    }

    public static UserException conflict(String message) {
        return new UserException(409, "conflict", message);
    }

    public static UserException notFound(long id) {
        return new UserException(404, "not_found", "no user " + id);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
