package dev.userinfo.info.admin;

import static dev.userinfo.contracts.admin.AdminProblem.invalid;

import java.net.InetAddress;
import java.util.Arrays;

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

    public static boolean ipLiteral(String value) {
        if (value.length() > 45 || !value.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        if (!value.contains(":")) {
            // dotted quad only: InetAddress would also take the legacy "1.2.3" forms PostgreSQL refuses
            String[] parts = value.split("\\.", -1);
            return parts.length == 4 && Arrays.stream(parts).allMatch(p -> p.matches("\\d{1,3}") && Integer.parseInt(p) <= 255);
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
