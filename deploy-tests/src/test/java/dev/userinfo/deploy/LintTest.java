package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helm lint --strict}: warnings fail too. */
class LintTest {

    @Test
    void defaultValuesLintStrictly() {
        LintResult result = new Helm(Chart.CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    /** helm-java's lint takes no values file, so it lints a copy of the chart whose defaults are the merged values. */
    @Test
    void productionValuesLintStrictly(@TempDir Path dir) throws Exception {
        Path chart = Chart.chartWithValues(Chart.PRODUCTION_VALUES, dir.resolve("userinfo-platform"));
        LintResult result = new Helm(chart).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }
}
