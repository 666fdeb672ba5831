package dev.userinfo.bench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's pure rules: options, COPY text escaping, the scale password's hash, the import figures. */
class GeneratorRulesTest {

    @Test
    void optionsDefaultToTheReferenceSizesAndRefuseUnknownKeysAndMissingValues() {
        Options defaults = Options.parse(List.of(), Options.SIZES, Options.CONNECTION);
        assertEquals("users=1000000 orgs=10000 apps=1000 ledger_rows=10000000 refresh_families=1000000 "
                + "prompt_events=1000000 revocations=100000", defaults.sizes());
        assertEquals("https://localhost:8443", defaults.text("auth"));
        Options small = Options.parse(List.of("--users", "1000", "--pg", "jdbc:postgresql://h:1/p"), Options.SIZES, Options.CONNECTION);
        assertEquals(1000, small.number("users"));
        assertEquals("jdbc:postgresql://h:1/p", small.text("pg"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--user", "5"), Options.SIZES));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--users"), Options.SIZES));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--users", "-1"), Options.SIZES).number("users"));
    }

    @Test
    void copyTextEscapesBackslashesTabsAndLineBreaks() {
        assertEquals("plain", CopyRows.escaped("plain"));
        assertEquals("a\\\\b\\tc\\nd\\re", CopyRows.escaped("a\\b\tc\nd\re"));
    }

    @Test
    void theScalePasswordHashIsAuthServicesPhcFormatAndDependsOnThePassword() {
        byte[] salt = new byte[16];
        String phc = ScalePassword.phc(ScalePassword.PASSWORD, salt);
        assertTrue(phc.startsWith("$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$"), phc);
        assertEquals(43, phc.substring(phc.lastIndexOf('$') + 1).length(), "a 32-byte tag, unpadded base64");
        assertEquals(phc, ScalePassword.phc(ScalePassword.PASSWORD, salt));
        assertNotEquals(phc, ScalePassword.phc("another-password", salt));
    }

    @Test
    void importFiguresTakeEachRequestsLagAndTheLastVisibleUser() {
        long start = 1_000_000_000L;
        Visibility.Batch first = new Visibility.Batch(new long[1000], start + 500_000_000L);
        first.visibleAt = start + 1_500_000_000L;
        Visibility.Batch second = new Visibility.Batch(new long[1000], start + 700_000_000L);
        second.visibleAt = start + 3_700_000_000L;
        assertEquals("import_s=0.8 import_users_per_s=2500 visible_all_s=3.7 lag_p50_s=1.0 lag_max_s=3.0",
                ScaleUsers.figures(List.of(first, second), start, 0.8));
    }
}
