package dev.userinfo.auth.operator;

/** The three admin APIs the console is a page over; each is reached at its own base URL (README, "Operator console"). */
public enum AdminApi {
    AUTH("auth-service", "/admin"),
    USERINFO("userinfo-service", "/admin"),
    QUOTA("account-quota-service", "/api/admin");

    /** The service's name: its delivery subscriber name and what the pages call it. */
    final String service;
    /** Where its admin API starts, e.g. its audit trail at {@code <prefix>/audit}. */
    final String prefix;

    AdminApi(String service, String prefix) {
        this.service = service;
        this.prefix = prefix;
    }

    public String service() {
        return service;
    }
}
