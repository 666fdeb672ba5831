package dev.userinfo.info.geo;

import dev.userinfo.info.config.UserinfoConfig;
import dev.userinfo.info.profile.ChangeFeed;
import dev.userinfo.info.profile.UserDirectory;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The IP-to-country ranges behind seed 004's {@code location}: a DB-IP "IP to Country Lite" CSV
 * ({@code start,end,country}, IPv4 and IPv6, quotes optional) loaded into PostgreSQL, where
 * {@link UserDirectory} looks the last login IP up by the greatest range start (primary-key index).
 * Loaded at start-up when {@code userinfo.geoip.csv} is set and its SHA-256 differs from what is loaded.
 */
@ApplicationScoped
public class IpCountryDatabase {

    private static final Logger LOG = Logger.getLogger(IpCountryDatabase.class);
    private static final int BATCH = 1000;

    /** One range of the CSV. */
    public record Range(String from, String to, String country) {
    }

    private final UserinfoConfig config;
    private final Pool pool;
    private final ChangeFeed feed;
    private final UserDirectory directory;

    public IpCountryDatabase(UserinfoConfig config, Pool pool, ChangeFeed feed, UserDirectory directory) {
        this.config = config;
        this.pool = pool;
        this.feed = feed;
        this.directory = directory;
    }

    void load(@Observes StartupEvent event) {
        config.geoip().csv().ifPresent(path -> {
            try {
                load(path);
            } catch (RuntimeException e) {
                // A broken file must not stop the service: locations stay as loaded before (or "").
                LOG.errorf("IP-to-country database %s not loaded: %s", path, e.getMessage());
            }
        });
    }

    /** Replaces the ranges with the file's, in one transaction, unless the same file is already loaded. */
    public void load(Path path) {
        String sha256 = sha256(path);
        String loaded = pool.query("SELECT sha256 FROM ip_country_source WHERE id = 1").execute()
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null)
                .await().atMost(Duration.ofSeconds(30));
        if (sha256.equals(loaded)) {
            LOG.infof("IP-to-country database %s already loaded", path);
            return;
        }
        List<Range> ranges = parse(path);
        pool.withTransaction(tx -> tx.query("DELETE FROM ip_country").execute()
                        .flatMap(ignored -> insert(tx, ranges, 0))
                        .flatMap(ignored -> tx.preparedQuery("""
                                INSERT INTO ip_country_source (id, sha256, rows) VALUES (1, $1, $2)
                                ON CONFLICT (id) DO UPDATE SET sha256 = EXCLUDED.sha256, rows = EXCLUDED.rows, loaded_at = now()""")
                                .execute(Tuple.of(sha256, (long) ranges.size())))
                        .flatMap(ignored -> feed.announceAll(tx)))
                .invoke(directory::invalidateAll)
                .await().atMost(Duration.ofMinutes(10));
        LOG.infof("IP-to-country database %s loaded: %d ranges", path, ranges.size());
    }

    private io.smallrye.mutiny.Uni<Void> insert(io.vertx.mutiny.sqlclient.SqlConnection tx, List<Range> ranges, int from) {
        if (from >= ranges.size()) {
            return io.smallrye.mutiny.Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (Range r : ranges.subList(from, Math.min(ranges.size(), from + BATCH))) {
            batch.add(Tuple.of(r.from(), r.to(), r.country()));
        }
        return tx.preparedQuery("INSERT INTO ip_country (ip_from, ip_to, country) VALUES ($1::text::inet, $2::text::inet, $3) ON CONFLICT (ip_from) DO NOTHING")
                .executeBatch(batch)
                .flatMap(ignored -> insert(tx, ranges, from + BATCH));
    }

    /** The file's ranges; a line that is not a valid range fails the whole load, naming its line number. */
    static List<Range> parse(Path path) {
        List<Range> ranges = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",");
                if (fields.length < 3) {
                    throw new IllegalArgumentException("line " + number + ": expected start,end,country");
                }
                String from = unquote(fields[0]), to = unquote(fields[1]), country = unquote(fields[2]).toUpperCase(Locale.ROOT);
                if (!literal(from) || !literal(to) || !country.matches("[A-Z]{2}")) {
                    throw new IllegalArgumentException("line " + number + ": not an IP range with a two-letter country");
                }
                ranges.add(new Range(from, to, country));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranges;
    }

    private static String unquote(String field) {
        String f = field.trim();
        return f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f;
    }

    /** An IPv4 or IPv6 literal (never a host name: no DNS lookup happens). */
    static boolean literal(String value) {
        if (value.isEmpty() || value.length() > 45 || !value.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String sha256(Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
