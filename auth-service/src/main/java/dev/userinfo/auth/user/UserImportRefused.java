package dev.userinfo.auth.user;

import java.util.List;

/** A refused import: nothing was created; each bad line, numbered from 1, with why. */
public final class UserImportRefused extends RuntimeException {

    /** A line of a bulk import that cannot be taken. */
    public record Line(int line, String error) {
    }

    private final List<Line> problems;

    public UserImportRefused(List<Line> problems) {
        super("import refused", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Line> problems() {
        return problems;
    }
}
