package dev.userinfo.auth.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.config.AuthConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timing rules of issue #16 item 7, without a database. */
class KeyLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static AuthConfig.Signing signing(Duration refresh, Duration publishDelay) {
        return new AuthConfig.Signing() {
            @Override public String algorithm() { return "RS256"; }
            @Override public int rsaKeySize() { return 2048; }
            @Override public String keyEncryptionKey() { return ""; }
            @Override public Duration refreshInterval() { return refresh; }
            @Override public Optional<Duration> publishDelay() { return Optional.ofNullable(publishDelay); }
        };
    }

    @Test
    void whenNoDelayIsSetThenAKeyWaitsTwoRefreshesPlusTheJwksCacheLifetime() {
        assertEquals(Duration.ofMinutes(2), KeyLifecycle.publishDelay(signing(Duration.ofSeconds(30), null)));
    }

    @Test
    void whenADelayIsSetThenItIsUsedIfItCoversTwoRefreshes() {
        assertEquals(Duration.ofSeconds(3), KeyLifecycle.publishDelay(signing(Duration.ofSeconds(1), Duration.ofSeconds(3))));
        assertEquals(Duration.ofSeconds(2), KeyLifecycle.publishDelay(signing(Duration.ofSeconds(1), Duration.ofSeconds(2))));
    }

    @Test
    void whenTheDelayIsShorterThanTwoRefreshesThenStartUpStops() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> KeyLifecycle.publishDelay(signing(Duration.ofSeconds(30), Duration.ofSeconds(59))));
        assertTrue(refused.getMessage().contains("auth.signing.publish-delay"), refused.getMessage());
    }

    private record Key(String kid, Instant signsFrom) {
    }

    @Test
    void whenSeveralKeysMaySignThenTheNewestWhoseTimeHasComeSigns() {
        Key old = new Key("old", NOW.minusSeconds(600));
        Key current = new Key("current", NOW.minusSeconds(1));
        Key next = new Key("next", NOW.plusSeconds(1));
        assertEquals("current", KeyLifecycle.signerAt(List.of(next, old, current), Key::signsFrom, NOW).orElseThrow().kid());
        assertEquals("next", KeyLifecycle.signerAt(List.of(next, old, current), Key::signsFrom, NOW.plusSeconds(1))
                .orElseThrow().kid(), "a key signs from its signs_from on, on every pod at once");
        assertTrue(KeyLifecycle.signerAt(List.of(next), Key::signsFrom, NOW).isEmpty(), "a next key alone never signs early");
    }

    private static SigningKey key(String status, Instant signsFrom, Instant rotatedAt, Instant retireAt) {
        SigningKey key = new SigningKey();
        key.status = status;
        key.signsFrom = signsFrom;
        key.rotatedAt = rotatedAt;
        key.retireAt = retireAt;
        return key;
    }

    @Test
    void whenTimesPassThenTheStateFollowsWhateverTheStoredStatusSaysYet() {
        Instant switchAt = NOW.plusSeconds(120);
        SigningKey current = key(SigningKey.ACTIVE, NOW.minusSeconds(3600), switchAt, switchAt.plusSeconds(720));
        SigningKey next = key(SigningKey.NEXT, switchAt, null, null);
        assertEquals(SigningKey.ACTIVE, KeyLifecycle.stateAt(current, NOW));
        assertEquals(SigningKey.NEXT, KeyLifecycle.stateAt(next, NOW));
        assertEquals(SigningKey.PREVIOUS, KeyLifecycle.stateAt(current, switchAt));
        assertEquals(SigningKey.ACTIVE, KeyLifecycle.stateAt(next, switchAt));
        assertEquals(SigningKey.RETIRED, KeyLifecycle.stateAt(current, switchAt.plusSeconds(720)));
        assertEquals(SigningKey.RETIRED, KeyLifecycle.stateAt(key(SigningKey.RETIRED, NOW.minusSeconds(9), NOW, NOW), NOW));
    }

    @Test
    void aReplacedKeyStaysPublishedATokenLifetimeAndARefreshAfterItStopsSigning() {
        AuthConfig config = (AuthConfig) java.lang.reflect.Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "tokens" -> (AuthConfig.Tokens) java.lang.reflect.Proxy.newProxyInstance(
                            AuthConfig.class.getClassLoader(), new Class<?>[] {AuthConfig.Tokens.class},
                            (p, m, a) -> Duration.ofMinutes(10));
                    case "signing" -> signing(Duration.ofSeconds(30), null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        assertEquals(Duration.ofMinutes(10).plusSeconds(30).plusMinutes(1), KeyLifecycle.publicationAfterSigning(config));
    }
}
