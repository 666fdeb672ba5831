package dev.userinfo.auth.revocation;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Registers the resource services as the confidential apps that follow the revocation feed and introspect personal
 * access tokens, with the secrets configured in {@code auth.revocation.feed-client-secrets}: the deployment gives
 * the same Kubernetes Secret to both sides, so there is no manual registration step and a rotated secret takes
 * effect on the next start. Every pod may run this; the upsert is idempotent. After DemoData, whose demo app
 * takes appid 1.
 */
@Singleton
public class FeedClients {

    private static final Logger LOG = Logger.getLogger(FeedClients.class);

    void register(@Observes @Priority(2100) StartupEvent event, AuthConfig config) throws Throwable {
        for (Map.Entry<String, String> entry : config.revocation().feedClientSecrets().entrySet()) {
            String clientId = entry.getKey();
            if (!config.revocation().feedClients().contains(clientId)) {
                LOG.warnf("auth.revocation.feed-client-secrets names %s, which is not in auth.revocation.feed-clients: ignored", clientId);
                continue;
            }
            if (entry.getValue() == null || entry.getValue().length() < 16) {
                throw new IllegalStateException("the feed client secret of " + clientId + " must have at least 16 characters");
            }
            byte[] hash = ClientSecrets.hash(entry.getValue());
            Integer changed = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery("""
                            INSERT INTO auth.app (client_id, name, client_type, secret_hash)
                            VALUES (:clientId, :clientId, 'confidential', :hash)
                            ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, client_type = 'confidential',
                                updated_at = now()
                            WHERE app.secret_hash IS DISTINCT FROM EXCLUDED.secret_hash OR app.client_type <> 'confidential'""")
                            .setParameter("clientId", clientId)
                            .setParameter("hash", hash)
                            .executeUpdate())));
            if (changed != null && changed > 0) {
                LOG.infof("Feed client %s registered with its configured secret", clientId);
            }
        }
    }
}
