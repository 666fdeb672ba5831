package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses bad values before anything is rendered. */
class SchemaTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replicas "abc"                 | authService: {replicaCount: "abc"}                 | replicaCount
            no image                       | userinfoService: {image: null}                     | image
            empty image repository         | accountQuotaService: {image: {repository: ""}}     | repository
            unknown top-level key          | replicas: 3                                        | replicas
            unknown key in a service       | authService: {replicaCont: 3}                      | replicaCont
            secret value instead of a name | authService: {secrets: {adminToken: {value: x}}}   | value
            http issuer                    | issuer: http://auth.example.com                    | issuer
            unknown sslMode                | database: {sslMode: prefer}                        | sslMode
            writable root filesystem       | securityContext: {readOnlyRootFilesystem: false}   | readOnlyRootFilesystem
            no database peer at all        | networkPolicy: {database: {cidrs: [], selectors: []}} | database
            """)
    void badValuesAreRefused(String what, String values, String mentioned) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), values + "\n");
        Exception refused = assertThrows(Exception.class, () -> Chart.template(file), what);
        String message = String.valueOf(refused.getMessage());
        assertTrue(message.contains("schema"), () -> what + ": not a schema error: " + message);
        assertTrue(message.contains(mentioned), () -> what + ": the error does not name " + mentioned + ": " + message);
    }

    /** The same mechanism accepts good overrides, so the refusals above are the schema's doing. */
    @Test
    void goodOverridesAreAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("good.yaml"), """
                authService: {replicaCount: 3, autoscaling: {enabled: false}}
                database: {sslMode: require}
                image: {variant: jvm, tag: "1.2.3"}
                """);
        String rendered = Chart.template(file);
        assertTrue(rendered.contains("replicas: 3"), rendered);
        assertTrue(rendered.contains("auth-service:1.2.3-jvm"), rendered);
    }
}
