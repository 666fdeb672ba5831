package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the Containerfiles without a container engine: they copy every module's pom (Maven
 * needs the whole reactor), never the local TLS keys or build output, and run as non-root on 8443.
 */
class ContainerfilesTest {

    static final Path ROOT = Chart.DEPLOY.getParent();

    @ParameterizedTest
    @ValueSource(strings = {"Containerfile.native", "Containerfile.jvm"})
    void buildsFromSourcesAndRunsAsNonRootOn8443(String name) throws Exception {
        String file = Files.readString(Chart.DEPLOY.resolve("container").resolve(name));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        int count = 0;
        while (modules.find()) {
            String module = modules.group(1);
            assertTrue(Files.exists(ROOT.resolve(module).resolve("pom.xml")), module);
            assertTrue(file.contains(" " + module + "/pom.xml " + module + "/"), name + " copies the pom of module " + module);
            count++;
        }
        assertTrue(count >= 6, "modules found in the root pom");
        assertTrue(file.contains(" jwt-verification/src "), name);
        assertTrue(file.contains(" platform-contracts/src "), name);
        assertTrue(file.contains(" ${SERVICE}/src "), name);
        for (String line : file.lines().filter(l -> l.startsWith("COPY") && !l.contains("--from=")).toList()) {
            assertTrue(!line.contains(".local") && !line.matches("COPY\\s+(--\\S+\\s+)*\\.\\s.*"),
                    name + ": copies only named sources: " + line);
        }
        assertTrue(file.contains("EXPOSE 8443 9000"), name);
        // Issue #16, 4: the chart probes and scrapes the management interface, a build-time switch of the image build.
        assertTrue(file.lines().filter(l -> l.contains("./mvnw -B package")).count() == 1
                && file.contains("-Dquarkus.management.enabled=true \\\n"), name + ": the image build enables the management interface");
        List<String> users = file.lines().filter(l -> l.startsWith("USER ")).toList();
        assertEquals("USER 1001", users.get(users.size() - 1), name + ": the runtime user is the chart's runAsUser");
        List<String> stages = file.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertTrue(stages.get(stages.size() - 1).endsWith(" AS runtime"), name + ": the default (last) stage is the runtime");
    }

    /** Issue #15 item 4: both images (built in the container or prebuilt) carry the database where the service looks. */
    @ParameterizedTest
    @ValueSource(strings = {"Containerfile.native", "Containerfile.jvm"})
    void shipUserinfosCountryDatabaseAtTheConfiguredPath(String name) throws Exception {
        String file = Files.readString(Chart.DEPLOY.resolve("container").resolve(name));
        String properties = Files.readString(ROOT.resolve("userinfo-service/src/main/resources/application.properties"));
        assertTrue(properties.contains("\nuserinfo.geo.database=/opt/platform/geoip/geo-whois-asn-country.mmdb\n"), properties);
        List<String> copies = file.lines().filter(l -> l.startsWith("COPY --from=") && l.endsWith(" /opt/platform/geoip/")).toList();
        assertEquals(2, copies.size(), name + ": the runtime and the prebuilt stage copy target/geoip");
        assertTrue(file.contains("mv \"${SERVICE}\"/target/geoip "), name + ": the build stage keeps target/geoip");
    }
}
