package dev.userinfo.deploy;

import static dev.userinfo.deploy.RenderedObjectsTest.SERVICES;
import static dev.userinfo.deploy.RenderedObjectsTest.name;
import static dev.userinfo.deploy.RenderedObjectsTest.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue #16 item 9: images pinned by digest, and operator volumes mounted read-only into the read-only pods. */
class ImageDigestAndVolumesTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private List<HasMetadata> render(String overlay) throws Exception {
        Path noHooks = Files.writeString(dir.resolve("no-hooks.yaml"), "migrations: {helmHooks: false}\n");
        return Chart.parse(Chart.template(noHooks, Files.writeString(Files.createTempFile(dir, "values", ".yaml"), overlay)));
    }

    private static PodSpec pod(List<HasMetadata> objects, String service) {
        return one(objects, Deployment.class, name(service)).getSpec().getTemplate().getSpec();
    }

    @Test
    void aDigestPinsTheImageOfItsServiceInPodsAndMigrationJobs() throws Exception {
        List<HasMetadata> objects = render("image: {tag: \"1.2.3\"}\nuserinfoService: {image: {digest: " + DIGEST + "}}\n");
        for (String service : SERVICES) {
            String expected = service.equals("userinfo-service")
                    ? "registry.example.com/userinfo-platform/userinfo-service@" + DIGEST
                    : "registry.example.com/userinfo-platform/" + service + ":1.2.3";
            assertEquals(expected, pod(objects, service).getContainers().get(0).getImage(), service);
            assertEquals(expected, one(objects, Job.class, name(service) + "-migrate").getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getImage(), service + " migration");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a tag, not a digest        | userinfoService: {image: {digest: "1.2.3"}}                     | digest
            a short digest             | authService: {image: {digest: "sha256:0123"}}                    | digest
            a writable extra mount     | authService: {extraVolumes: [{name: x, emptyDir: {}}], extraVolumeMounts: [{name: x, mountPath: /x, readOnly: false}]} | readOnly
            over the chart's own mount | authService: {extraVolumeMounts: [{name: x, mountPath: /etc/platform/tls}]} | mountPath
            the chart's own volume     | authService: {extraVolumes: [{name: tls, emptyDir: {}}]}          | name
            """)
    void badValuesAreRefusedByTheSchema(String what, String overlay, String mentioned) throws Exception {
        Exception refused = assertThrows(Exception.class, () -> render(overlay + "\n"), what);
        String message = String.valueOf(refused.getMessage());
        assertTrue(message.contains("schema") && message.contains(mentioned), () -> what + ": " + message);
    }

    @Test
    void extraVolumesAreMountedReadOnlyInTheirServiceOnly() throws Exception {
        List<HasMetadata> objects = render("""
                accountQuotaService:
                  extraVolumes:
                    - name: rules
                      configMap: {name: quota-rules}
                  extraVolumeMounts:
                    - name: rules
                      mountPath: /etc/quota-rules
                """);
        PodSpec pod = pod(objects, "account-quota-service");
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals("rules")).findFirst().orElseThrow();
        assertEquals("quota-rules", volume.getConfigMap().getName());
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("rules")).findFirst().orElseThrow();
        assertEquals("/etc/quota-rules", mount.getMountPath());
        assertEquals(Boolean.TRUE, mount.getReadOnly(), "read-only even when the values do not say so");
        assertEquals(Boolean.TRUE, pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
        for (String service : List.of("auth-service", "userinfo-service")) {
            assertFalse(pod(objects, service).getVolumes().stream().anyMatch(v -> v.getName().equals("rules")), service);
        }
        assertFalse(one(objects, Job.class, name("account-quota-service") + "-migrate").getSpec().getTemplate().getSpec()
                .getVolumes().stream().anyMatch(v -> v.getName().equals("rules")), "Flyway needs no operator files");
    }
}
