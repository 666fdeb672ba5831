package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16, 6: a rollout or scale-in drops no request. Every pod sleeps in preStop (Kubernetes' sleep action) before
 * SIGTERM, its services drain with the chart's shutdown delay and timeout, and the grace period covers all of it; a
 * grace period too short to drain is refused. Renewed certificates must reach running pods, so no TLS mount uses
 * subPath (a subPath mount never sees an updated Secret).
 */
class GracefulShutdownTest {

    private static final Path SERVICES = Path.of(System.getProperty("deploy.dir", "../deploy")).toAbsolutePath()
            .normalize().getParent();

    @TempDir
    Path dir;

    @Test
    void everyPodSleepsBeforeSigtermAndItsGracePeriodCoversTheDrain() {
        List<HasMetadata> objects = Chart.parse(Chart.template());
        List<Deployment> deployments = Chart.ofType(objects, Deployment.class);
        assertEquals(3, deployments.size());
        for (Deployment deployment : deployments) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
            assertNull(container.getLifecycle().getPreStop().getExec(), "no shell in the native image: the sleep action only");
            Properties properties = properties(objects, deployment.getMetadata().getName());
            long drain = preStop + seconds(properties.getProperty("quarkus.shutdown.delay"))
                    + seconds(properties.getProperty("quarkus.shutdown.timeout"));
            assertEquals(30, drain, "5 s preStop + 5 s delay + 20 s timeout by default");
            assertTrue(pod.getTerminationGracePeriodSeconds() > drain, deployment.getMetadata().getName()
                    + ": grace " + pod.getTerminationGracePeriodSeconds() + " s does not cover " + drain + " s");
            for (VolumeMount mount : container.getVolumeMounts()) {
                assertNull(mount.getSubPath(), mount.getName() + " uses subPath: a renewed certificate would never arrive");
            }
        }
    }

    @Test
    void aGracePeriodTooShortToDrainIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("short.yaml"), "shutdown: {terminationGracePeriodSeconds: 30}\n");
        Exception refused = assertThrows(Exception.class, () -> Chart.template(file));
        String message = String.valueOf(refused.getMessage());
        assertTrue(message.contains("terminationGracePeriodSeconds (30) must exceed") && message.contains("(30)"), message);
    }

    @Test
    void noPreStopHookWhenItsSleepIsZero() throws IOException {
        Path file = Files.writeString(dir.resolve("none.yaml"), "shutdown: {preStopSeconds: 0}\n");
        for (Deployment deployment : Chart.ofType(Chart.parse(Chart.template(file)), Deployment.class)) {
            assertNull(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getLifecycle());
        }
    }

    /** The images' own prod profile drains the same way when run without the chart's ConfigMap. */
    @Test
    void theServicesProdProfileMatchesTheChartDefaults() throws IOException {
        for (String service : List.of("auth-service", "userinfo-service", "account-quota-service")) {
            String properties = Files.readString(SERVICES.resolve(service).resolve("src/main/resources/application.properties"));
            assertTrue(properties.contains("\nquarkus.shutdown.delay-enabled=true\n"), service);
            assertTrue(properties.contains("\n%prod.quarkus.shutdown.delay=5s\n"), service);
            assertTrue(properties.contains("\n%prod.quarkus.shutdown.timeout=20s\n"), service);
            assertTrue(properties.contains("\nplatform.tls.renewal.files.default=${platform.tls.cert},${platform.tls.key}\n"),
                    service + " reloads a renewed server certificate");
            assertFalse(properties.matches("(?s).*\\n[^#\\n]*reload-period=.*"), service
                    + ": the periodic reload rebuilds the TLS context every period (CertificateRenewal)");
        }
    }

    private static Properties properties(List<HasMetadata> objects, String name) {
        ConfigMap map = Chart.ofType(objects, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name))
                .findFirst().orElseThrow();
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(map.getData().values().iterator().next()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }

    private static long seconds(String duration) {
        assertTrue(duration != null && duration.matches("\\d+s"), "a duration in seconds: " + duration);
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }
}
