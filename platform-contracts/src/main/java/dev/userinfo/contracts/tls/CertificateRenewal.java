package dev.userinfo.contracts.tls;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Renewed certificate files are used without a restart (issue #16, 6): every {@code platform.tls.renewal.check-interval}
 * the files of each watched TLS configuration are compared with those in use, and a change reloads that configuration
 * and announces it ({@link CertificateUpdatedEvent}, the TLS registry's manual reload, Quarkus "TLS registry reference",
 * "Reloading certificates"); the HTTPS server and the management interface then serve the new certificate, and
 * {@link RenewedTrust} hands a new CA to the outgoing clients.
 *
 * <p>Why not {@code quarkus.tls.reload-period}: it reloads and announces on every period even when nothing changed, and
 * each announcement makes Vert.x 4.5 rebuild the server's TLS context; a connection accepted while that runs fails
 * ({@code TCPServerBase} reads the not yet completed context: NullPointerException, the client sees the handshake cut).
 * Reloading only on a change confines that moment to an actual renewal. A change is applied once it held for one check,
 * so a certificate and key written one after the other are never loaded as a mismatched pair.
 */
@ApplicationScoped
public class CertificateRenewal {

    private static final Logger LOG = Logger.getLogger(CertificateRenewal.class);
    /** The configuration key naming the unnamed TLS configuration, and the name the registry announces it under. */
    static final String DEFAULT = "default";
    private static final String REGISTRY_DEFAULT = "<default>";

    private final CertificateRenewalConfig config;
    private final TlsConfigurationRegistry registry;
    private final Event<CertificateUpdatedEvent> updated;
    private final Vertx vertx;
    /** Per configuration: the fingerprint of the files in use, and the one seen at the last check. */
    private final Map<String, String> inUse = new ConcurrentHashMap<>();
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();
    private long timer = -1;

    public CertificateRenewal(CertificateRenewalConfig config, TlsConfigurationRegistry registry,
                              Event<CertificateUpdatedEvent> updated, Vertx vertx) {
        this.config = config;
        this.registry = registry;
        this.updated = updated;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.files().isEmpty()) {
            return;
        }
        config.files().forEach((name, files) -> {
            inUse.put(name, fingerprint(files));
            lastSeen.put(name, inUse.get(name));
        });
        timer = vertx.setPeriodic(Math.max(100, config.checkInterval().toMillis()),
                id -> vertx.executeBlocking(() -> {
                    check();
                    return null;
                }, false));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Reloads each configuration whose files changed and stayed so since the previous check. */
    synchronized void check() {
        config.files().forEach((name, files) -> {
            String now = fingerprint(files);
            String previous = lastSeen.put(name, now);
            if (due(inUse.get(name), previous, now)) {
                reload(name).ifPresentOrElse(tls -> {
                    inUse.put(name, now);
                    updated.fire(new CertificateUpdatedEvent(DEFAULT.equals(name) ? REGISTRY_DEFAULT : name, tls));
                    LOG.infof("TLS configuration %s reloaded: its certificate files changed", name);
                }, () -> LOG.warnf("TLS configuration %s: its files changed but could not be loaded; the previous "
                        + "certificates stay in use and the files are read again at the next check", name));
            }
        });
    }

    /** A change is applied once it held for one check: a different fingerprint, read the same twice in a row. */
    static boolean due(String inUse, String previous, String now) {
        return !now.equals(inUse) && now.equals(previous);
    }

    private Optional<TlsConfiguration> reload(String name) {
        Optional<TlsConfiguration> tls = DEFAULT.equals(name) ? registry.getDefault() : registry.get(name);
        try {
            return tls.filter(TlsConfiguration::reload);
        } catch (RuntimeException e) {
            LOG.warnf("Reloading TLS configuration %s failed: %s", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** SHA-256 over the files' contents (a missing or unreadable file counts as such, so its return is a change). */
    static String fingerprint(List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                try {
                    digest.update(Files.readAllBytes(file));
                } catch (IOException e) {
                    digest.update(("unreadable " + file).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
