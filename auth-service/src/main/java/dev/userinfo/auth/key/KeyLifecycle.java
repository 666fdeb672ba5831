package dev.userinfo.auth.key;

import dev.userinfo.auth.config.AuthConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The timing rules of a signing key (issue #16 item 7), pure so they are tested alone: a key is published as
 * {@code next} for the publish delay before it signs, every pod signs with the newest key whose {@code signs_from} has
 * passed, and a key that stopped signing stays published until every token it signed has expired.
 */
final class KeyLifecycle {

    /** Slack beyond the intervals themselves: a refresh that runs late, clocks that differ between pods. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    private KeyLifecycle() {
    }

    /**
     * How long a new key is published before it signs. Default: two refresh intervals (one refresh may fail or run
     * late) plus the JWKS {@code Cache-Control} max-age, so even a client that honours the HTTP cache has it.
     * Shorter than two refresh intervals is refused: a pod could still publish a JWKS without the key that signs.
     */
    static Duration publishDelay(AuthConfig.Signing signing) {
        Duration floor = signing.refreshInterval().multipliedBy(2);
        Duration delay = signing.publishDelay().orElse(floor.plus(JwksResource.MAX_AGE));
        if (delay.compareTo(floor) < 0) {
            throw new IllegalStateException("auth.signing.publish-delay (" + delay + ") must be at least twice "
                    + "auth.signing.refresh-interval (" + signing.refreshInterval() + "): every pod must publish a key "
                    + "before any pod signs with it");
        }
        return delay;
    }

    /**
     * How long a key stays published after it stopped signing: one token lifetime (ID tokens live as long as access
     * tokens), plus one refresh interval for a pod that switched late, plus the margin.
     */
    static Duration publicationAfterSigning(AuthConfig config) {
        return config.tokens().accessTokenLifetime().plus(config.signing().refreshInterval()).plus(MARGIN);
    }

    /** The key that signs at {@code now}: the newest whose {@code signs_from} has passed; empty before the first. */
    static <K> Optional<K> signerAt(List<K> keys, Function<K, Instant> signsFrom, Instant now) {
        return keys.stream().filter(key -> !signsFrom.apply(key).isAfter(now)).max(Comparator.comparing(signsFrom));
    }

    /**
     * A key's state at {@code now} from its times, whatever the stored status says yet (a pod writes the transitions
     * on its next refresh; every pod acts on the times): retired, next (published, not signing yet), previous
     * (stopped signing, still published) or active.
     */
    static String stateAt(SigningKey key, Instant now) {
        if (SigningKey.RETIRED.equals(key.status) || (key.retireAt != null && !key.retireAt.isAfter(now))) {
            return SigningKey.RETIRED;
        }
        if (key.signsFrom.isAfter(now)) {
            return SigningKey.NEXT;
        }
        if (key.rotatedAt != null && !key.rotatedAt.isAfter(now)) {
            return SigningKey.PREVIOUS;
        }
        return SigningKey.ACTIVE;
    }
}
