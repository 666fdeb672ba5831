package dev.userinfo.info.dialect;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;

/** Query parameters that must appear at most once and stay short; the dialects map the problem to their envelope. */
final class QueryParameters {

    /** What is wrong with a parameter. */
    enum Problem { MISSING, REPEATED, TOO_LONG }

    static final class Invalid extends RuntimeException {
        final String name;
        final Problem problem;

        Invalid(String name, Problem problem) {
            super(name + " " + problem, null, false, false);
            this.name = name;
            this.problem = problem;
        }
    }

    private static final int MAX_LENGTH = 2048;

    private final MultivaluedMap<String, String> query;

    QueryParameters(MultivaluedMap<String, String> query) {
        this.query = query;
    }

    /** The single value of a required parameter. */
    String required(String name) {
        String value = optional(name);
        if (value == null || value.isEmpty()) {
            throw new Invalid(name, Problem.MISSING);
        }
        return value;
    }

    /** The single value of a parameter, or null when absent. */
    String optional(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new Invalid(name, Problem.REPEATED);
        }
        String value = values.get(0);
        if (value.length() > MAX_LENGTH) {
            throw new Invalid(name, Problem.TOO_LONG);
        }
        return value;
    }
}
