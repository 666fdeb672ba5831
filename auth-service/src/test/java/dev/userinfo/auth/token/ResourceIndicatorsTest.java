package dev.userinfo.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.oauth.OAuthError;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8707 resource indicators: which resource servers a token is for, and that a token request only narrows. */
class ResourceIndicatorsTest {

    private static final String INFO = "https://info.example.com";
    private static final String QUOTA = "https://quota.example.com:8445";

    /** The real @ConfigMapping, built by SmallRye Config from its defaults (plus its one required key): no Quarkus boot. */
    private final ResourceIndicators resources = new ResourceIndicators(new SmallRyeConfigBuilder()
            .withMapping(AuthConfig.class)
            .withConverter(Duration.class, 200, new DurationConverter())
            .withDefaultValue("auth.tokens.resources", INFO + "," + QUOTA + "," + INFO)
            .withDefaultValue("auth.signing.key-encryption-key", "not-read-by-resource-indicators")
            .build()
            .getConfigMapping(AuthConfig.class));

    private static void invalidTarget(Runnable r) {
        assertEquals("invalid_target", assertThrows(OAuthError.class, r::run).error());
    }

    @Test
    void allWhenConfiguredWithARepeatThenEachResourceServerOnceInOrder() {
        assertEquals(List.of(INFO, QUOTA), resources.all());
    }

    @Test
    void requestedWhenNoneNamedThenEmpty() {
        assertTrue(resources.requested(List.of()).isEmpty());
    }

    @Test
    void requestedWhenOurResourcesAreNamedThenThemOnceInOrder() {
        assertEquals(List.of(QUOTA, INFO), resources.requested(List.of(QUOTA, INFO, QUOTA)));
    }

    @Test
    void requestedWhenNotOneOfOursThenInvalidTarget() {
        invalidTarget(() -> resources.requested(List.of("https://evil.example.com")));
        // Exact string match: no normalisation of a trailing slash, case or default port.
        invalidTarget(() -> resources.requested(List.of(INFO + "/")));
        invalidTarget(() -> resources.requested(List.of("HTTPS://info.example.com")));
    }

    @Test
    void requestedWhenNotAnAbsoluteUriThenInvalidTarget() {
        // RFC 8707 §2: "MUST be an absolute URI".
        invalidTarget(() -> resources.requested(List.of("info.example.com")));
        invalidTarget(() -> resources.requested(List.of("/userinfo")));
        invalidTarget(() -> resources.requested(List.of("")));
        invalidTarget(() -> resources.requested(List.of("https://info.example.com/a b")));
    }

    @Test
    void requestedWhenItHasAFragmentThenInvalidTarget() {
        // RFC 8707 §2: "MUST NOT include a fragment component".
        invalidTarget(() -> resources.requested(List.of(INFO + "#x")));
    }

    @Test
    void requestedWhenAbsurdlyLongThenInvalidTarget() {
        invalidTarget(() -> resources.requested(List.of(INFO + "/" + "a".repeat(2048))));
    }

    @Test
    void audienceWhenNothingWasAuthorizedOrRequestedThenEveryResourceServer() {
        assertEquals(List.of(INFO, QUOTA), resources.audience(null, List.of()));
        assertEquals(List.of(INFO, QUOTA), resources.audience(List.of(), List.of()));
    }

    @Test
    void audienceWhenOnlyTheAuthorizationNarrowedThenWhatItNamed() {
        assertEquals(List.of(QUOTA), resources.audience(List.of(QUOTA), List.of()));
    }

    @Test
    void audienceWhenTheTokenRequestNarrowsThenWhatItNamed() {
        assertEquals(List.of(INFO), resources.audience(List.of(INFO, QUOTA), List.of(INFO)));
        assertEquals(List.of(QUOTA), resources.audience(null, List.of(QUOTA)));
    }

    @Test
    void audienceWhenTheTokenRequestWidensThenInvalidTarget() {
        // RFC 8707 §2.2: a token request may narrow the authorized resources, never widen them.
        invalidTarget(() -> resources.audience(List.of(INFO), List.of(QUOTA)));
        invalidTarget(() -> resources.audience(List.of(INFO), List.of(INFO, QUOTA)));
    }
}
