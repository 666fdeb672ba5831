package dev.userinfo.info.geo;

import com.maxmind.db.Metadata;
import dev.userinfo.info.config.UserinfoConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Seed 004's {@code location}: the country of a user's last login address, from the MaxMind-format database at
 * {@code userinfo.geo.database}. Nothing is downloaded at run time: the operator replaces the file (or the mounted
 * volume changes), this pod notices within {@code userinfo.geo.refresh-interval} and swaps the reader; a broken
 * replacement keeps the previous database. Each pod watches its own file, so a swap is announced on this pod only.
 */
@ApplicationScoped
// The reader decodes the database's metadata through Metadata's annotated constructor, by reflection (native image).
@RegisterForReflection(targets = Metadata.class)
public class IpCountryDatabase {

    private static final Logger LOG = Logger.getLogger(IpCountryDatabase.class);

    /** Fired on this pod after another database content replaced the one in use: locations computed before are stale. */
    public record Replaced(Path path) {
    }

    private final UserinfoConfig config;
    private final Event<Replaced> replaced;
    private volatile CountryDatabaseFile file;
    private ScheduledExecutorService poller;

    public IpCountryDatabase(UserinfoConfig config, Event<Replaced> replaced) {
        this.config = config;
        this.replaced = replaced;
    }

    void start(@Observes StartupEvent event) {
        if (config.geo().database().isEmpty()) {
            LOG.warn("userinfo.geo.database is not set: seed 004's location is \"\" for every user");
            return;
        }
        file = new CountryDatabaseFile(config.geo().database().get());
        refresh();
        Duration interval = config.geo().refreshInterval();
        if (!interval.isZero() && !interval.isNegative()) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "userinfo-geo-refresh");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Checks the file now; on a swap every cached location on this pod is dropped (through {@link Replaced}). */
    public CountryDatabaseFile.Refresh refresh() {
        CountryDatabaseFile current = file;
        if (current == null) {
            return CountryDatabaseFile.Refresh.MISSING;
        }
        CountryDatabaseFile.Refresh outcome = current.refresh();
        if (outcome == CountryDatabaseFile.Refresh.LOADED) {
            try {
                replaced.fire(new Replaced(current.path()));
            } catch (RuntimeException e) {
                // the poller must survive an observer's failure, or later replacements would go unnoticed
                LOG.errorf(e, "Announcing the new IP-to-country database failed");
            }
        }
        return outcome;
    }

    /** ISO 3166-1 alpha-2 country of the address text, "" when it is absent, not an IP literal, private or unknown. */
    public String countryOf(String address) {
        CountryDatabaseFile current = file;
        if (current == null || address == null || address.isEmpty()) {
            return "";
        }
        return IpLiteral.parse(address).map(current::country).orElse("");
    }
}
