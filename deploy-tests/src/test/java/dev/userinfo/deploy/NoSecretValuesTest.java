package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No secret value anywhere in deploy/ or k8s/: the chart and the manifests only name Secrets. */
class NoSecretValuesTest {

    /** Values the project itself uses outside production (dev key-encryption key, admin and demo credentials). */
    static final List<String> KNOWN_NON_PRODUCTION_SECRETS = List.of(
            "ZGV2LW9ubHkta2V5LWVuY3J5cHRpb24ta2V5LTMyYiE=", "dev-admin-token", "test-admin-token", "demo-secret");

    static final List<Pattern> SECRET_SHAPES = List.of(
            // PEM private keys and certificates' keys.
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            // A Secret's data or stringData in a manifest.
            Pattern.compile("(?m)^\\s*(data|stringData):\\s*$(?=[\\s\\S]*kind:\\s*Secret)"),
            Pattern.compile("(?m)^kind:\\s*Secret\\s*$"),
            // A password, token or key given as a literal in YAML or properties (values that are paths or
            // Secret names/keys are fine, and so are shell placeholders in the README).
            Pattern.compile("(?im)^\\s*[\\w.-]*(password|passwd|secret|token|api-?key)[\\w.-]*(?<!name|key|ref)\\s*[:=]\\s*(?!\\s*$)(?![\"']?(/|\\$|<|\\{\\{))[\"']?[A-Za-z0-9+/=_-]{8,}[\"']?\\s*$"),
            // Long base64 blobs (32 random bytes are 44 characters); mixed case, so not a hex checksum.
            Pattern.compile("(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/])"));

    @Test
    void deployAndK8sHoldNoSecretValue() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(Chart.DEPLOY, Chart.K8S)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        assertTrue(files.size() > 10, "found the chart, the manifests and the container files: " + files);
        List<String> findings = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            for (String known : KNOWN_NON_PRODUCTION_SECRETS) {
                if (text.contains(known)) {
                    findings.add(file + ": contains " + known);
                }
            }
            for (Pattern shape : SECRET_SHAPES) {
                Matcher matcher = shape.matcher(text);
                while (matcher.find()) {
                    findings.add(file + ": " + matcher.group().strip());
                }
            }
        }
        assertEquals(List.of(), findings);
    }

    /** The scan would see a secret if one were there. */
    @Test
    void theScanFindsPlantedSecrets() {
        List<String> planted = List.of(
                "password: s3cr3t-Passw0rd",
                "  adminToken: abcdefgh12345678",
                "clientSecret: abcdefgh12345678x",
                "auth.admin.token=abcdefgh12345678",
                "apiVersion: v1\nkind: Secret\ndata:\n  x: eA==",
                "-----BEGIN PRIVATE KEY-----",
                "key: q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=");
        for (String text : planted) {
            assertTrue(SECRET_SHAPES.stream().anyMatch(p -> p.matcher(text).find()), text);
        }
        List<String> fine = List.of(
                "password: \"\"",
                "key: password",
                "adminToken:",
                "platform.tls.key=/etc/platform/tls/tls.key",
                "      key: client-secret",
                "    tlsSecretName: auth-example-com-tls",
                "checksum/config: bd0fd6699e6990d608d1149c4ad0a6e07052c3cc08cb9d503c919ca4a094405e",
                "  --from-literal=password=\"$DB_PASSWORD\"");
        for (String text : fine) {
            assertFalse(SECRET_SHAPES.stream().anyMatch(p -> p.matcher(text).find()), text);
        }
    }
}
