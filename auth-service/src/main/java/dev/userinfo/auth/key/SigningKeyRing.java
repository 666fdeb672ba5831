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
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * The signing keys as this pod uses them: the private keys that sign now or soon, and the published set for the JWKS.
 *
 * <p>Keys live in PostgreSQL. The first pod to start creates one that signs at once. A rotation publishes a new key
 * as {@code next} with a {@code signs_from} one publish delay ahead (issue #16 item 7): every pod re-reads the ring
 * every {@code auth.signing.refresh-interval}, so by then every pod's JWKS has it, and a resource service that meets
 * its kid and refetches the JWKS through the Service finds it on whichever pod answers. Every pod signs with the newest
 * key whose {@code signs_from} has passed, so all switch at the same instant without talking to each other. The
 * replaced key stays published for one token lifetime plus one refresh interval plus a margin after it stopped
 * signing, so every token any pod signed with it stays verifiable until it expires.
 */
@ApplicationScoped
public class SigningKeyRing {

    private static final Logger LOG = Logger.getLogger(SigningKeyRing.class);
    /** pg_advisory_xact_lock key serializing key creation, rotation and status changes across pods. */
    private static final long KEY_LOCK = 0x5349474e4b455953L;

    /** The key that signs: kid, algorithm and the decrypted private key. */
    public record ActiveKey(String kid, String algorithm, PrivateKey privateKey) {
    }

    /** A key that signs now or will: its private part and the instant it starts. */
    private record Signer(ActiveKey key, Instant signsFrom) {
    }

    private final AuthConfig config;
    private final KeyEncryption encryption;
    private final Duration publishDelay;
    private final Clock clock = Clock.systemUTC();

    private volatile List<Signer> signers = List.of();
    private volatile String jwksJson = "{\"keys\":[]}";

    public SigningKeyRing(AuthConfig config, KeyEncryption encryption) {
        this.config = config;
        this.encryption = encryption;
        // A delay shorter than the pods' refresh would bring back the refused tokens item 7 is about: stop here.
        this.publishDelay = KeyLifecycle.publishDelay(config.signing());
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        // Serving tokens without a key is pointless: start-up waits for the ring.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::ensureSigningKey).chain(this::reload));
    }

    /** Picks up rotations made by other pods, records due status changes and retires keys whose tokens have all expired. */
    @Scheduled(every = "${auth.signing.refresh-interval:30s}", delayed = "${auth.signing.refresh-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withTransaction(() -> lock().chain(() -> settle(clock.instant()))).chain(this::reload)
                .onFailure().invoke(failure -> LOG.warnf("Reloading signing keys failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The key that signs now: the newest loaded key whose {@code signs_from} has passed. */
    public ActiveKey active() {
        return KeyLifecycle.signerAt(signers, Signer::signsFrom, clock.instant()).map(Signer::key)
                .orElseThrow(() -> new IllegalStateException("no active signing key loaded"));
    }

    /** The JWKS document (RFC 7517 §5) of every published key, the next one included. */
    public String jwksJson() {
        return jwksJson;
    }

    /** How long a new key is published before it signs ({@code auth.signing.publish-delay} or its default). */
    public Duration publishDelay() {
        return publishDelay;
    }

    /**
     * Publishes a new key that signs one publish delay from now; the current key signs until then and stays published
     * until its tokens have expired. While a rotation is under way, answers its key again (nothing new is made).
     */
    public Uni<SigningKey> rotate() {
        return rotate(key -> Uni.createFrom().voidItem());
    }

    /** {@link #rotate()}, with {@code record} (the audit trail's) in the rotation's transaction, before any pod uses the key. */
    public Uni<SigningKey> rotate(Function<SigningKey, Uni<Void>> record) {
        return Panache.withTransaction(() -> lock().chain(() -> settle(clock.instant()))
                        .chain(() -> withStatus(SigningKey.NEXT))
                        .chain(pending -> pending != null ? Uni.createFrom().item(pending) : publishNext())
                        .call(key -> record.apply(key)))
                .call(this::reload);
    }

    private Uni<SigningKey> publishNext() {
        // Generated before its times are set: generating may take a while, and all of the delay must follow it.
        SigningKey next = newKey(SigningKey.NEXT, publishDelay);
        return withStatus(SigningKey.ACTIVE).chain(current -> {
            if (current != null) {
                current.rotatedAt = next.signsFrom;
                current.retireAt = next.signsFrom.plus(KeyLifecycle.publicationAfterSigning(config));
            }
            return next.<SigningKey>persistAndFlush()
                    .invoke(key -> LOG.infof("Signing key %s published; it signs from %s", key.kid, key.signsFrom));
        });
    }

    /**
     * For a compromised key: a new key signs at once and every other key is retired (unpublished, private part erased)
     * at once. Consequences (README, "Signing keys and rotation"): every token signed before is refused as soon as a
     * verifier drops the old key, and until every pod refreshed, other pods keep signing with the withdrawn key and a
     * resource service that refetches the JWKS from such a pod refuses tokens of the new one.
     */
    public Uni<SigningKey> rotateNow() {
        return rotateNow(key -> Uni.createFrom().voidItem());
    }

    /** {@link #rotateNow()}, with {@code record} (the audit trail's) in the rotation's transaction. */
    public Uni<SigningKey> rotateNow(Function<SigningKey, Uni<Void>> record) {
        return Panache.withTransaction(() -> lock().chain(() -> SigningKey.<SigningKey>list("status <> ?1", SigningKey.RETIRED))
                        .chain(keys -> {
                            Instant now = clock.instant();
                            keys.forEach(key -> withdraw(key, now));
                            // Flush the withdrawal first: the partial unique index allows one active key only.
                            return Panache.flush().chain(() -> newKey(SigningKey.ACTIVE, Duration.ZERO).<SigningKey>persistAndFlush());
                        })
                        .call(key -> record.apply(key)))
                .call(this::reload)
                .invoke(key -> LOG.warnf("Emergency rotation: signing key %s signs now; every other key is withdrawn", key.kid));
    }

    private static void withdraw(SigningKey key, Instant now) {
        if (key.rotatedAt == null || key.rotatedAt.isAfter(now)) {
            key.rotatedAt = now;
        }
        key.retireAt = now;
        key.status = SigningKey.RETIRED;
        key.privateKey = null; // a withdrawn key can never sign again
        LOG.warnf("Signing key %s withdrawn", key.kid);
    }

    public Uni<List<SigningKey>> list() {
        return Panache.withSession(() -> SigningKey.listAll());
    }

    private Uni<Void> ensureSigningKey() {
        return lock().chain(() -> settle(clock.instant()))
                .chain(() -> withStatus(SigningKey.ACTIVE))
                .chain(current -> current != null
                        ? Uni.createFrom().voidItem()
                        : newKey(SigningKey.ACTIVE, Duration.ZERO).<SigningKey>persist()
                                .invoke(k -> LOG.infof("Created the first signing key, kid %s", k.kid)).replaceWithVoid());
    }

    /**
     * Writes the status changes whose time has come (the pods already act on the times): the replaced key becomes
     * previous, the next one active (in that order, for the one-active index), and previous keys past their
     * retirement are retired with their private part erased. Call within a transaction holding the lock.
     */
    private Uni<Void> settle(Instant now) {
        return SigningKey.update("status = ?1 where status = ?2 and rotatedAt <= ?3", SigningKey.PREVIOUS, SigningKey.ACTIVE, now)
                .chain(() -> SigningKey.update("status = ?1 where status = ?2 and signsFrom <= ?3", SigningKey.ACTIVE,
                        SigningKey.NEXT, now))
                .chain(() -> SigningKey.<SigningKey>list("status = ?1 and retireAt <= ?2", SigningKey.PREVIOUS, now))
                .invoke(expired -> expired.forEach(key -> {
                    key.status = SigningKey.RETIRED;
                    key.privateKey = null; // a retired key can never sign again
                    LOG.infof("Signing key %s retired", key.kid);
                }))
                .replaceWithVoid();
    }

    private static Uni<SigningKey> withStatus(String status) {
        return SigningKey.find("status", status).firstResult();
    }

    private Uni<Void> lock() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(" + KEY_LOCK + ")").getSingleResult()).replaceWithVoid();
    }

    /** Re-reads the published keys and the keys that sign now or later from the database. */
    public Uni<Void> reload() {
        Instant now = clock.instant();
        return Panache.withSession(() -> SigningKey.published(now)).invoke(keys -> {
            List<JsonWebKey> publicKeys = new ArrayList<>();
            List<Signer> loaded = new ArrayList<>();
            for (SigningKey key : keys) {
                publicKeys.add(parsePublic(key));
                if (key.rotatedAt == null || key.rotatedAt.isAfter(now)) {
                    loaded.add(new Signer(decrypt(key), key.signsFrom));
                }
            }
            if (KeyLifecycle.signerAt(loaded, Signer::signsFrom, now).isEmpty()) {
                throw new IllegalStateException("no active signing key in the database");
            }
            jwksJson = new JsonWebKeySet(publicKeys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            signers = List.copyOf(loaded);
        }).replaceWithVoid();
    }

    /** A new key in {@code status}, published from now and signing {@code delay} from now. */
    private SigningKey newKey(String status, Duration delay) {
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
            key.status = status;
            key.createdAt = clock.instant();
            key.signsFrom = key.createdAt.plus(delay);
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
