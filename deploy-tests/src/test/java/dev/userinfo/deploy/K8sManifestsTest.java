package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * k8s/ is the chart rendered with its default values, byte for byte. After changing the chart, regenerate it with
 * {@code ./mvnw -B -pl deploy-tests test -Dk8s.regenerate=true} and commit the result.
 */
class K8sManifestsTest {

    @Test
    void k8sIsTheRenderingOfTheDefaultValues() throws Exception {
        String rendered = Chart.template();
        Path file = Chart.K8S.resolve(Chart.K8S_FILE);
        if (Boolean.getBoolean("k8s.regenerate")) {
            Files.createDirectories(Chart.K8S);
            Files.writeString(file, rendered);
        }
        assertTrue(Files.exists(file), file + " is missing: run ./mvnw -B -pl deploy-tests test -Dk8s.regenerate=true");
        try (var listing = Files.list(Chart.K8S)) {
            assertEquals(1, listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).count(),
                    "k8s/ holds exactly the one rendered file, so kubectl apply -f k8s/ applies nothing else");
        }
        assertEquals(rendered, Files.readString(file),
                "k8s/ is out of date with the chart: run ./mvnw -B -pl deploy-tests test -Dk8s.regenerate=true");
    }
}
