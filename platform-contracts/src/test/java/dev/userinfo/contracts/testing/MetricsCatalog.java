package dev.userinfo.contracts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/metrics.md's table: the metrics the alert rules may use and the services that export them (issue #16 item 9).
 * Read by each service's MetricsCatalogTest and by deploy-tests' AlertRulesTest, so neither side drifts from it.
 */
public final class MetricsCatalog {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_:][a-z0-9_:]*)` \\| [^|]+ \\| ([^|]+) \\|");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)");

    private final Map<String, Set<String>> exporters;

    private MetricsCatalog(Map<String, Set<String>> exporters) {
        this.exporters = exporters;
    }

    /** The table of {@code docs/metrics.md}; {@code platform.root} is the checkout (the module's parent by default). */
    public static MetricsCatalog load() {
        return parse(read(Path.of(System.getProperty("platform.root", ".."), "docs", "metrics.md")));
    }

    static MetricsCatalog parse(String markdown) {
        Map<String, Set<String>> exporters = new LinkedHashMap<>();
        for (String line : markdown.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<String> services = new TreeSet<>();
                Arrays.stream(row.group(2).split(",")).map(String::trim).forEach(services::add);
                exporters.put(row.group(1), services);
            }
        }
        if (exporters.isEmpty()) {
            throw new IllegalStateException("docs/metrics.md has no metric table");
        }
        return new MetricsCatalog(exporters);
    }

    public Set<String> names() {
        return new TreeSet<>(exporters.keySet());
    }

    /** The names this service must export. */
    public Set<String> exportedBy(String service) {
        Set<String> names = new TreeSet<>();
        exporters.forEach((name, services) -> {
            if (services.contains(service)) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * What is wrong with a service's {@code /q/metrics} against the table: a listed name it does not export, or a
     * {@code platform_*} metric it exports that the table does not list. Empty when both hold.
     */
    public List<String> problems(String service, String exposition) {
        Set<String> sampled = sampled(exposition);
        List<String> problems = new ArrayList<>();
        exportedBy(service).stream().filter(name -> !sampled.contains(name))
                .forEach(name -> problems.add(name + " is listed for " + service + " but not exported"));
        sampled.stream().filter(name -> name.startsWith("platform_") && !exportedBy(service).contains(name))
                .forEach(name -> problems.add(name + " is exported but not listed for " + service + " in docs/metrics.md"));
        return problems;
    }

    /** The metric names of a Prometheus text exposition ({@code /q/metrics}) that have at least one sample. */
    public static Set<String> sampled(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }

    /**
     * The value of the first sample of {@code name} whose labels include every one of {@code labels}
     * ({@code key="value"} as exposed), or NaN when there is none.
     */
    public static double value(String exposition, String name, String... labels) {
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find() && sample.group(1).equals(name)) {
                String set = sample.group(3) == null ? "" : sample.group(3);
                if (Arrays.stream(labels).allMatch(set::contains)) {
                    return Double.parseDouble(sample.group(4));
                }
            }
        }
        return Double.NaN;
    }

    /**
     * Of {@code caches}, those not reported on the exposition with Caffeine's meters ({@code cache_size},
     * {@code cache_gets_total}, {@code cache_evictions_total} tagged {@code cache}; issue #19). Empty when all are.
     */
    public static List<String> unmeteredCaches(String exposition, List<String> caches) {
        List<String> missing = new ArrayList<>();
        for (String cache : caches) {
            String tag = "cache=\"" + cache + "\"";
            for (String name : List.of("cache_size", "cache_gets_total", "cache_evictions_total")) {
                if (Double.isNaN(value(exposition, name, tag))) {
                    missing.add(name + "{" + tag + "}");
                }
            }
        }
        return missing;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
