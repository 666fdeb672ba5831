package dev.userinfo.bench.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command's {@code --key value} options over their defaults; an unknown key or a missing value is refused. */
final class Options {

    /** Reference sizes of issue #19 (the build's defaults). */
    static final Map<String, String> SIZES = ordered(
            "users", "1000000", "orgs", "10000", "apps", "1000", "ledger-rows", "10000000",
            "refresh-families", "1000000", "prompt-events", "1000000", "revocations", "100000");

    /** Where the running platform is (./run.sh's defaults). */
    static final Map<String, String> CONNECTION = ordered(
            "auth", "https://localhost:8443", "userinfo", "https://localhost:8444", "quota", "https://localhost:8445",
            "admin-token", "dev-admin-token", "pg", "jdbc:postgresql://localhost:55432/postgres", "pg-user", "postgres",
            "pg-password", "postgres", "ca", ".local/tls/ca.crt");

    static final Map<String, String> SESSIONS = ordered(
            "count", "100", "client-id", "demo-app", "scope", "openid profile offline_access", "out", "");

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args} (pairs) against every key of {@code known}, whose values are the defaults. */
    @SafeVarargs
    static Options parse(List<String> args, Map<String, String>... known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map<String, String> defaults : known) {
            values.putAll(defaults);
        }
        for (int i = 0; i < args.size(); i += 2) {
            String key = args.get(i);
            if (!key.startsWith("--") || !values.containsKey(key.substring(2))) {
                throw new IllegalArgumentException("unknown option " + key + "; known: --" + String.join(" --", values.keySet()));
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            values.put(key.substring(2), args.get(i + 1));
        }
        return new Options(values);
    }

    String text(String key) {
        return values.get(key);
    }

    /** A whole number of at least 0. */
    long number(String key) {
        try {
            long value = Long.parseLong(values.get(key));
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number of at least 0");
        }
    }

    /** The sizes as the dataset records them: {@code users=… orgs=… …} (keys with _). */
    String sizes() {
        StringBuilder out = new StringBuilder();
        for (String key : SIZES.keySet()) {
            out.append(out.isEmpty() ? "" : " ").append(key.replace('-', '_')).append('=').append(number(key));
        }
        return out.toString();
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
