package dev.userinfo.quota.web;

/** A refusal with its status, stable code and message; carried through a Uni and mapped by {@link Envelope}. */
public class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final transient Object data;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiError(int status, String code, String message, Object data) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.data = data;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object data() {
        return data;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request", message);
    }
}
