package dev.userinfo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.userinfo.local.LocalPlatform.Options;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./run.sh [--data-dir DIR]} and {@code PLATFORM_JVM_OPTIONS} as {@link Options#forRun} reads them (issue #19). */
class RunOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void noArgumentsGiveTheDefaults() {
        Options options = Options.forRun(ROOT, List.of(), null);
        assertEquals(Options.defaults(ROOT), options);
        assertEquals(Path.of("/repo/.local/postgres"), options.dataDir());
    }

    @Test
    void dataDirRelativeToTheRootReplacesOnlyTheDataDirectory() {
        Options options = Options.forRun(ROOT, List.of("--data-dir", ".local/scale/postgres"), "");
        assertEquals(Path.of("/repo/.local/scale/postgres"), options.dataDir());
        assertEquals(Path.of("/repo/.local/logs"), options.logDir());
        assertEquals(List.of(8443, 8444, 8445, 55432),
                List.of(options.authPort(), options.userinfoPort(), options.quotaPort(), options.postgresPort()));
    }

    @Test
    void absoluteDataDirIsKept() {
        assertEquals(Path.of("/data/pg"), Options.forRun(ROOT, List.of("--data-dir", "/data/pg"), null).dataDir());
    }

    @Test
    void dataDirWithoutValueOrUnknownArgumentIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Options.forRun(ROOT, List.of("--data-dir"), null));
        assertThrows(IllegalArgumentException.class, () -> Options.forRun(ROOT, List.of("--data-dir", " "), null));
        assertThrows(IllegalArgumentException.class, () -> Options.forRun(ROOT, List.of("--datadir", "x"), null));
    }

    @Test
    void jvmOptionsAreSplitOnWhitespaceAndAppended() {
        Options options = Options.forRun(ROOT, List.of(), "  -Xmx256m\t-XX:+UnlockDiagnosticVMOptions  -XX:+DebugNonSafepoints ");
        assertEquals(List.of("-Xmx256m", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"), options.jvmOptions());
        assertEquals(List.of(), Options.forRun(ROOT, List.of(), "   ").jvmOptions());
    }
}
