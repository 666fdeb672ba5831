package dev.userinfo.info.admin;

/** offset/limit query parameters of the admin lists: limit 1..500, default 50. */
record Paging(long offset, int limit) {

    static final int MAX_LIMIT = 500;

    static Paging of(String offset, String limit) {
        long o = parse("offset", offset, 0, Long.MAX_VALUE / 2);
        long l = parse("limit", limit, 50, MAX_LIMIT);
        if (l < 1) {
            throw AdminProblem.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        return new Paging(o, (int) l);
    }

    private static long parse(String name, String value, long fallback, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (value.length() > 18 || !value.chars().allMatch(Character::isDigit) || Long.parseLong(value) > max) {
            throw AdminProblem.invalid(name + " must be a non-negative integer of at most " + max);
        }
        return Long.parseLong(value);
    }
}
