package dev.userinfo.auth.key;

import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * The signing keys as this pod uses them: the active private key, and the published set for the JWKS.
 *
 * <p>Keys live in PostgreSQL. The first pod to start creates one; a rotation inserts a new active key and
 * keeps the previous one published for one token lifetime plus one refresh interval plus a margin, so that
 * every token any pod signed with it stays verifiable until it expires. Other pods pick a rotation up within
 * {@code auth.signing.refresh-interval}; resource services fetch it on the first unknown {@code kid}.
 */
@ApplicationScoped
public class SigningKeyRing {

    private static final Logger LOG = Logger.getLogger(SigningKeyRing.class);
    /** pg_advisory_xact_lock key serializing key creation and rotation across pods. */
    private static final long KEY_LOCK = 0x5349474e4b455953L;

    /** The key that signs: kid, algorithm and the decrypted private key. */
    public record ActiveKey(String kid, String algorithm, PrivateKey privateKey) {
    }

    private final AuthConfig config;
    private final KeyEncryption encryption;
    private final Clock clock = Clock.systemUTC();

    private volatile ActiveKey active;
    private volatile String jwksJson = "{\"keys\":[]}";

    public SigningKeyRing(AuthConfig config, KeyEncryption encryption) {
        this.config = config;
        this.encryption = encryption;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        // Serving tokens without a key is pointless: start-up waits for the ring.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::ensureActiveKey).chain(this::reload));
    }

    /** Picks up rotations made by other pods and retires keys whose tokens have all expired. */
    @Scheduled(every = "${auth.signing.refresh-interval:30s}", delayed = "${auth.signing.refresh-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reloadAndRetire().onFailure().invoke(failure -> LOG.warnf("Reloading signing keys failed: %s",
                failure.getMessage())).onFailure().recoverWithNull();
    }

    public ActiveKey active() {
        ActiveKey key = active;
        if (key == null) {
            throw new IllegalStateException("no active signing key loaded");
        }
        return key;
    }

    /** The JWKS document (RFC 7517 §5) of every published key. */
    public String jwksJson() {
        return jwksJson;
    }

    /** Makes a new key active and keeps the current one published until its tokens have expired. */
    public Uni<SigningKey> rotate() {
        return Panache.withTransaction(() -> lock().chain(SigningKey::active).chain(current -> {
            Instant now = clock.instant();
            Uni<Void> demote = Uni.createFrom().voidItem();
            if (current != null) {
                current.status = SigningKey.PREVIOUS;
                current.rotatedAt = now;
                current.retireAt = now.plus(publicationAfterRotation());
                // Flush the demotion first: the partial unique index allows one active key only.
                demote = current.persistAndFlush().replaceWithVoid();
            }
            return demote.chain(() -> newKey(now).<SigningKey>persistAndFlush());
        })).call(this::reload).invoke(key -> LOG.infof("Signing key rotated; new kid %s", key.kid));
    }

    public Uni<List<SigningKey>> list() {
        return Panache.withSession(() -> SigningKey.listAll());
    }

    Duration publicationAfterRotation() {
        return config.tokens().accessTokenLifetime().plus(config.signing().refreshInterval()).plus(Duration.ofMinutes(1));
    }

    private Uni<Void> ensureActiveKey() {
        return lock().chain(SigningKey::active).chain(current -> current != null
                ? Uni.createFrom().voidItem()
                    : newKey(clock.instant()).<SigningKey>persist().invoke(k -> LOG.infof("Created the first signing key, kid %s", k.kid))
                        .replaceWithVoid());
    }

    private Uni<Void> lock() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(" + KEY_LOCK + ")").getSingleResult()).replaceWithVoid();
    }

    private Uni<Void> reloadAndRetire() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> SigningKey.<SigningKey>list("status = ?1 and retireAt <= ?2",
                        SigningKey.PREVIOUS, now).invoke(expired -> expired.forEach(key -> {
                            key.status = SigningKey.RETIRED;
                            key.privateKey = null; // a retired key can never sign again
                            LOG.infof("Signing key %s retired", key.kid);
                        })))
                .replaceWithVoid().chain(this::reload);
    }

    /** Re-reads the published keys and the active key from the database. */
    public Uni<Void> reload() {
        return Panache.withSession(() -> SigningKey.published(clock.instant())).invoke(keys -> {
            List<JsonWebKey> publicKeys = new ArrayList<>();
            ActiveKey nextActive = null;
            for (SigningKey key : keys) {
                publicKeys.add(parsePublic(key));
                if (SigningKey.ACTIVE.equals(key.status)) {
                    nextActive = decrypt(key);
                }
            }
            if (nextActive == null) {
                throw new IllegalStateException("no active signing key in the database");
            }
            jwksJson = new JsonWebKeySet(publicKeys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            active = nextActive;
        }).replaceWithVoid();
    }

    private SigningKey newKey(Instant now) {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(config.signing().rsaKeySize());
            String kid = UUID.randomUUID().toString();
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(config.signing().algorithm());
            SigningKey key = new SigningKey();
            key.kid = kid;
            key.algorithm = config.signing().algorithm();
            key.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            key.privateKey = encryption.encrypt(kid, jwk.getPrivateKey().getEncoded());
            key.status = SigningKey.ACTIVE;
            key.createdAt = now;
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("generating a signing key failed", e);
        }
    }

    private static JsonWebKey parsePublic(SigningKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk);
        } catch (JoseException e) {
            throw new IllegalStateException("stored public key " + key.kid + " is not a JWK", e);
        }
    }

    private ActiveKey decrypt(SigningKey key) {
        try {
            byte[] pkcs8 = encryption.decrypt(key.kid, key.privateKey);
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new ActiveKey(key.kid, key.algorithm, privateKey);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("stored private key " + key.kid + " is unreadable", e);
        }
    }
}
