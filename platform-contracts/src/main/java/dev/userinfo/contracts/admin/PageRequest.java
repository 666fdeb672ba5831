package dev.userinfo.contracts.admin;

/**
 * The paging of every admin list: query {@code page} (1-based, default 1) and {@code page_size} (default and maximum
 * set by the list); absent or empty takes the default; anything else (0, negative, not a number, over the maximum) is a
 * 400 admin problem.
 */
public record PageRequest(int page, int pageSize) {

    /** Pages beyond this are refused rather than turned into an OFFSET PostgreSQL scans for nothing. */
    public static final int MAX_PAGE = 1_000_000;

    /** The page size of a list that sets none of its own. */
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** Paging with the default sizes ({@link #DEFAULT_SIZE}, at most {@link #MAX_SIZE}). */
    public static PageRequest of(String page, String pageSize) {
        return of(page, pageSize, DEFAULT_SIZE, MAX_SIZE);
    }

    public static PageRequest of(String page, String pageSize, int defaultSize, int maxSize) {
        return new PageRequest(number("page", page, 1, MAX_PAGE), number("page_size", pageSize, defaultSize, maxSize));
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    private static int number(String name, String value, int absent, int max) {
        if (value == null || value.isEmpty()) {
            return absent;   // "?page=" says nothing, like no page at all
        }
        if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(value) < 1 || Integer.parseInt(value) > max) {
            throw AdminProblem.invalid(name + " must be an integer from 1 to " + max);
        }
        return Integer.parseInt(value);
    }
}
