package dev.userinfo.jwt;

import dev.userinfo.contracts.clients.WellKnownClients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who a verified token speaks for, and the one scope rule for every credential. */
class VerifiedCallerTest {

    private static VerifiedCaller caller(String sub, String clientId, boolean clientToken, String... scopes) {
        return new VerifiedCaller(sub, clientId, Set.of(scopes), "j", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), null,
                null, clientToken);
    }

    @Test
    void userIdWhenSubIsANumericUserIdThenIt() {
        assertEquals(OptionalLong.of(42), caller("42", "app", false).userId());
        assertEquals(OptionalLong.of(Long.MAX_VALUE), caller(Long.toString(Long.MAX_VALUE), "app", false).userId());
        assertTrue(caller("42", "app", false).userDelegated());
    }

    @Test
    void userIdWhenTheTokenIsAnAppsOwnThenEmptyEvenIfSubLooksNumeric() {
        VerifiedCaller app = caller("42", "42", true);
        assertEquals(OptionalLong.empty(), app.userId());
        assertFalse(app.userDelegated());
        assertTrue(app.appOwnToken());
    }

    @Test
    void userIdWhenSubIsNotALongThenEmpty() {
        for (String sub : new String[] {null, "", "abc", "1.5", "99999999999999999999", "9223372036854775808"}) {
            assertEquals(OptionalLong.empty(), caller(sub, "app", false).userId(), String.valueOf(sub));
        }
    }

    @Test
    void personalTokenWhenTheClientIsThePersonalTokenClientThenTrue() {
        assertTrue(caller("7", WellKnownClients.PERSONAL_ACCESS_TOKEN, false).personalToken());
        assertTrue(caller("7", WellKnownClients.PERSONAL_ACCESS_TOKEN, false).userDelegated());
        assertFalse(caller("7", "app", false).personalToken());
    }

    @Test
    void requireScopeWhenGrantedThenTheCallerAndOtherwiseInsufficientScope() {
        VerifiedCaller c = caller("7", "app", false, "profile");
        assertSame(c, c.requireScope("profile"));
        assertThrows(InsufficientScopeException.class, () -> c.requireScope("email"));
    }

    @Test
    void hasScopeWhenAPersonalTokenThenOnlyTheScopesItCarries() {
        VerifiedCaller pat = caller("7", WellKnownClients.PERSONAL_ACCESS_TOKEN, false, "profile");
        assertTrue(pat.hasScope("profile"));
        assertFalse(pat.hasScope("quota_write"));
    }
}
