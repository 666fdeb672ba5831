package dev.userinfo.contracts.tls;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.vertx.core.Future;
import io.vertx.core.net.SSLOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps the services' outgoing HTTPS clients in step with their TLS configuration: when the TLS registry reads a
 * rotated CA file again ({@code quarkus.tls.<name>.reload-period}, Quarkus TLS registry "Reloading certificates"), it
 * fires a {@link CertificateUpdatedEvent}, and each client built from that configuration's trust store takes the new
 * one for its next connections (issue #16, 6). The HTTPS server does the same for its own certificate by itself.
 */
@ApplicationScoped
public class RenewedTrust {

    private static final Logger LOG = Logger.getLogger(RenewedTrust.class);

    private record Follower(String configuration, Function<SSLOptions, Future<Boolean>> update) {
    }

    private final List<Follower> followers = new CopyOnWriteArrayList<>();

    /**
     * After each reload of the named TLS configuration, {@code update} gets its new trust store (a Vert.x client's
     * {@code updateSSLOptions}); no name (the JVM's default trust): nothing to follow.
     */
    public void follow(Optional<String> configuration, Function<SSLOptions, Future<Boolean>> update) {
        configuration.ifPresent(name -> followers.add(new Follower(name.toLowerCase(Locale.ROOT), update)));
    }

    void reloaded(@Observes CertificateUpdatedEvent event) {
        String name = event.name().toLowerCase(Locale.ROOT);
        for (Follower follower : followers) {
            if (follower.configuration().equals(name)) {
                follower.update().apply(new SSLOptions().setTrustOptions(event.tlsConfiguration().getTrustStoreOptions()))
                        .onSuccess(ignored -> LOG.debugf("A client took the reloaded trust store of TLS configuration %s", name))
                        .onFailure(failure -> LOG.warnf("Reloading the trust store of TLS configuration %s failed: %s",
                                name, failure.getMessage()));
            }
        }
    }
}
