package dev.userinfo.info.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * One MaxMind-format country database file and a reader of its content, swapped whole when the file changes.
 *
 * <p>The file is read into memory (7.8 MB for the shipped one) rather than memory-mapped, so an operator who
 * overwrites it in place cannot pull bytes from under a lookup, and a lookup never waits for the disk on the event loop.
 * A replacement is used only after it opened and answered a probe lookup; until then the previous reader serves.
 */
public final class CountryDatabaseFile {

    private static final Logger LOG = Logger.getLogger(CountryDatabaseFile.class);
    private static final Pattern ISO_COUNTRY = Pattern.compile("[A-Z]{2}");
    /** A string, not an InetAddress: a static address would be an object in the native image heap (issue #17). */
    private static final String PROBE = "1.1.1.1";

    /** What a {@link #refresh()} did. */
    public enum Refresh {
        /** The file's content is now the one in use. */
        LOADED,
        /** The file is the one loaded (or refused) before. */
        UNCHANGED,
        /** The file changed but is not a readable MaxMind database: the previous one stays in use. */
        KEPT_PREVIOUS,
        /** There is no readable file: the previous database, if any, stays in use. */
        MISSING
    }

    /** What identifies one content of the file without reading it: a ConfigMap update or an atomic rename changes the key. */
    private record Version(long size, FileTime modified, Object key) {
    }

    private record Loaded(Reader reader, String type) {
    }

    private final Path path;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private Version seen;
    private boolean missingReported;

    public CountryDatabaseFile(Path path) {
        this.path = Objects.requireNonNull(path);
    }

    public Path path() {
        return path;
    }

    /** Whether a database is in use. */
    public boolean loaded() {
        return current.get() != null;
    }

    /** Loads the file if it changed since the last call; never throws. */
    public synchronized Refresh refresh() {
        Version version;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            version = new Version(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        } catch (IOException e) {
            if (!missingReported) {
                LOG.warnf("IP-to-country database %s cannot be read (%s): %s", path,
                        e instanceof NoSuchFileException ? "no such file" : e.getMessage(),
                        loaded() ? "the previous one stays in use" : "every location is \"\" until it appears");
                missingReported = true;
            }
            seen = null;
            return Refresh.MISSING;
        }
        missingReported = false;
        if (version.equals(seen)) {
            return Refresh.UNCHANGED;
        }
        // Remembered even when refused, so a broken file is reported once; any later change is tried again.
        seen = version;
        try {
            // CHMCache: a country database has a few hundred distinct records, so each is decoded once, not per lookup.
            Reader reader = new Reader(path.toFile(), Reader.FileMode.MEMORY, new CHMCache());
            reader.get(IpLiteral.parse(PROBE).orElseThrow(), Map.class);
            String type = reader.getMetadata().getDatabaseType();
            current.set(new Loaded(reader, type));
            LOG.infof("IP-to-country database %s loaded: %s, %d bytes, built %s", path, type, version.size(),
                    reader.getMetadata().getBuildDate().toInstant());
            return Refresh.LOADED;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("IP-to-country database %s is not a readable MaxMind database (%s): %s", path, e.getMessage(),
                    loaded() ? "the previous one stays in use" : "every location is \"\"");
            return Refresh.KEPT_PREVIOUS;
        }
    }

    /**
     * The ISO 3166-1 alpha-2 country of a public address, "" when it is private, loopback, unknown to the database or
     * no database is loaded. Reads {@code country_code} (ip-location-db) or {@code country.iso_code} (MaxMind's and
     * DB-IP's country databases), so either kind can replace the shipped one.
     */
    public String country(InetAddress address) {
        Loaded loaded = current.get();
        if (loaded == null || !IpLiteral.publicAddress(address)) {
            return "";
        }
        Map<?, ?> record;
        try {
            record = loaded.reader().get(address, Map.class);
        } catch (IOException | RuntimeException e) {
            // an IPv6 address in an IPv4-only database, or a damaged data section: unknown, never an error to the caller
            LOG.debugf("No country for %s in %s: %s", address.getHostAddress(), loaded.type(), e.getMessage());
            return "";
        }
        if (record == null) {
            return "";
        }
        Object code = record.get("country_code");
        if (code == null && record.get("country") instanceof Map<?, ?> country) {
            code = country.get("iso_code");
        }
        return code instanceof String text && ISO_COUNTRY.matcher(text).matches() ? text : "";
    }
}
