package dev.userinfo.contracts.admin;

/**
 * The requests a framework refuses before a resource runs (issue #13 item 7): each service answers them in the
 * envelope of the path, with these codes and descriptions, so the three services say the same thing.
 */
public final class FrameworkRefusals {

    private FrameworkRefusals() {
    }

    /** The statuses the framework answers for a caller's mistake; each service re-answers them in its envelope. */
    public static boolean isRefusal(int status) {
        return status == 400 || status == 404 || status == 405 || status == 406 || status == 413 || status == 415;
    }

    public static String code(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 500 -> "server_error";
            default -> "invalid_request";
        };
    }

    public static String description(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "this resource answers application/json";
            case 413 -> "request body too large";
            case 415 -> "unsupported content type for this resource";
            case 500 -> "unexpected failure";
            default -> "request is not valid for this resource";
        };
    }
}
