package dev.userinfo.auth.user;

import dev.userinfo.contracts.admin.AdminProblem;
import java.util.regex.Pattern;

/** The rules of a valid user: login, password length, profile fields, status; each refusal a 400 admin problem. */
final class UserRules {

    /** Letters of any script, digits, and . _ - ; 2 to 64 of them. */
    static final Pattern LOGIN = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]{1,189}\\.[^@\\s\\p{Cntrl}.]{1,63}");
    static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{4,19}");
    static final int MAX_DISPLAY_NAME = 64;
    /** argon2 takes any length; a cap keeps one request from buying a long hash. */
    static final int MAX_PASSWORD = 1024;

    private final int minPasswordLength;

    UserRules(int minPasswordLength) {
        this.minPasswordLength = minPasswordLength;
    }

    void validateNew(UserInput input) {
        requireBody(input);
        refuseHash(input);
        validateLogin(input.login());
        validatePassword(input.password());
        validateProfile(input);
    }

    /**
     * An import line (issue #19): the create body's rules, with exactly one of {@code password} and a pre-hashed
     * {@code password_hash}; {@code hashRefusal} says why a hash cannot be taken (empty when it can).
     */
    void validateImported(UserInput input, java.util.function.Function<String, java.util.Optional<String>> hashRefusal) {
        requireBody(input);
        if (input.passwordHash() == null) {
            validateNew(input);
            return;
        }
        if (input.password() != null) {
            throw AdminProblem.invalid("give password or password_hash, not both");
        }
        validateLogin(input.login());
        validateProfile(input);
        hashRefusal.apply(input.passwordHash()).ifPresent(reason -> {
            throw AdminProblem.invalid(reason);
        });
    }

    private static void requireBody(UserInput input) {
        if (input == null) {
            throw AdminProblem.invalid("a JSON body is required");
        }
    }

    private static void validateLogin(String login) {
        if (login == null || !LOGIN.matcher(login).matches()) {
            throw AdminProblem.invalid("login is required: 2 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /** Outside the import no body may carry a hash: a password set by the API is always hashed here. */
    static void refuseHash(UserInput input) {
        if (input != null && input.passwordHash() != null) {
            throw AdminProblem.invalid("password_hash is taken only by POST /admin/users/import");
        }
    }

    void validatePassword(String password) {
        if (password == null || password.length() < minPasswordLength) {
            throw AdminProblem.invalid("password is required, at least " + minPasswordLength + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw AdminProblem.invalid("password is longer than " + MAX_PASSWORD + " characters");
        }
    }

    static void validateProfile(UserInput input) {
        if (input.displayName() != null && (input.displayName().length() > MAX_DISPLAY_NAME
                || input.displayName().chars().anyMatch(Character::isISOControl))) {
            throw AdminProblem.invalid("display_name is at most " + MAX_DISPLAY_NAME + " characters, no control characters");
        }
        if (input.email() != null && !input.email().isEmpty() && !EMAIL.matcher(input.email()).matches()) {
            throw AdminProblem.invalid("email is not an email address");
        }
        if (input.phone() != null && !input.phone().isEmpty() && !PHONE.matcher(input.phone()).matches()) {
            throw AdminProblem.invalid("phone is 5 to 20 digits, optionally with a leading + and spaces or dashes");
        }
        if (input.status() != null && !User.ACTIVE.equals(input.status()) && !User.DISABLED.equals(input.status())) {
            throw AdminProblem.invalid("status is active or disabled");
        }
    }

    /** Longest keyword of the admin users search (issue #18). */
    static final int MAX_KEYWORD = 100;

    /** The admin users search's keyword, checked: at most {@link #MAX_KEYWORD} characters, no control characters. */
    static String keyword(String keyword) {
        if (keyword == null) {
            return "";
        }
        if (keyword.length() > MAX_KEYWORD || keyword.chars().anyMatch(Character::isISOControl)) {
            throw AdminProblem.invalid("keyword is at most " + MAX_KEYWORD + " characters, no control characters");
        }
        return keyword.strip();
    }

    /** A keyword as a user id, or -1 (no user has it) when it is not one. */
    static long idOrNone(String keyword) {
        if (keyword.length() > 18 || !keyword.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(keyword);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
