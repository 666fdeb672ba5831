package dev.userinfo.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart, its values files and Helm (in-process, helm-java) as the tests use them. */
final class Chart {

    /** Release name and namespace of the rendering committed in k8s/. */
    static final String RELEASE = "userinfo-platform";
    static final String NAMESPACE = "userinfo-platform";
    /** The file in k8s/ that holds the rendering with default values. */
    static final String K8S_FILE = "userinfo-platform.yaml";

    static final Path DEPLOY = Path.of(System.getProperty("deploy.dir", "../deploy")).toAbsolutePath().normalize();
    static final Path K8S = Path.of(System.getProperty("k8s.dir", "../k8s")).toAbsolutePath().normalize();
    static final Path CHART = DEPLOY.resolve("helm/userinfo-platform");
    static final Path PRODUCTION_VALUES = DEPLOY.resolve("helm/values-production.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private Chart() {
    }

    /** {@code helm template} of the chart with the given values files (none: the defaults). */
    static String template(Path... valuesFiles) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        return template.call();
    }

    /** Where {@link #templateWithHooks} puts the hook annotations ("helm.sh/hook", "-weight", "-delete-policy"). */
    static final String HOOK = "rendered.test/hook";

    /**
     * {@code helm template} including the hooks, which helm-java leaves out (it prints the release manifest only): a
     * copy of the chart whose templates spell the hook annotations {@link #HOOK}…, so Helm renders them as ordinary
     * objects with the same values, weights and delete policies.
     */
    static String templateWithHooks(Path work, Path... valuesFiles) throws IOException {
        Path copy = work.resolve("chart-with-hooks");
        copyTree(CHART, copy);
        try (Stream<Path> templates = Files.walk(copy.resolve("templates"))) {
            for (Path template : templates.filter(Files::isRegularFile).toList()) {
                Files.writeString(template, Files.readString(template).replace("helm.sh/hook", HOOK));
            }
        }
        TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        return template.call();
    }

    /** Every object of a rendering, typed (unknown kinds become GenericKubernetesResource). */
    static List<HasMetadata> parse(String rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : rendered.split("(?m)^---\\s*$")) {
            boolean empty = doc.lines().allMatch(line -> line.isBlank() || line.startsWith("#"));
            if (!empty) {
                objects.add(KUBE.unmarshal(doc, HasMetadata.class));
            }
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A copy of the chart whose values.yaml is the defaults merged with {@code overlay}, as Helm merges them. */
    static Path chartWithValues(Path overlay, Path dir) throws IOException {
        copyTree(CHART, dir);
        ObjectNode merged = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        merge(merged, (ObjectNode) YAML.readTree(overlay.toFile()));
        YAML.writeValue(dir.resolve("values.yaml").toFile(), merged);
        return dir;
    }

    /** Helm's coalescing: maps merge key by key, null removes a key, anything else replaces. */
    private static void merge(ObjectNode target, ObjectNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = target.get(field.getKey());
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode next) {
                merge(currentObject, next);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
