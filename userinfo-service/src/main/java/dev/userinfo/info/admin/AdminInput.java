package dev.userinfo.info.admin;

import static dev.userinfo.contracts.admin.AdminProblem.invalid;

import dev.userinfo.info.geo.IpLiteral;

/** The field rules every admin store applies before it writes; a broken rule is a 400 admin problem. */
public final class AdminInput {

    public static final int MAX_TEXT = 320;

    private AdminInput() {
    }

    public static void positive(String name, Long value) {
        if (value == null || value <= 0) {
            throw invalid(name + " must be a positive integer");
        }
    }

    public static void text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name + " is required");
        }
        optionalText(name, value);
    }

    public static void optionalText(String name, String value) {
        if (value.length() > MAX_TEXT) {
            throw invalid(name + " is limited to " + MAX_TEXT + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid(name + " may not contain control characters");
        }
    }

    /** An IPv4 or IPv6 literal (the rule the user-event receiver applies to last_login_ip too). */
    public static boolean ipLiteral(String value) {
        return IpLiteral.parse(value).isPresent();
    }
}
