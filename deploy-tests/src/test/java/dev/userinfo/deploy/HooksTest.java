package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #16, 1: the chart rendered with its hooks (the migration Jobs, their ConfigMaps and NetworkPolicies, the
 * cert-manager Certificate, the helm test pods), and everything a hook pod mounts or references exists before it
 * runs: made by a hook of lower weight in each of its phases (Helm creates hooks in weight order and waits for Jobs
 * and Pods only, https://helm.sh/docs/topics/charts_hooks/), or one of the Secrets the operator creates beforehand,
 * as deploy/README.md's "Install" says.
 */
class HooksTest {

    /** Created by the operator before helm install ("Install", steps 1 and 2 of deploy/README.md). */
    static final Set<String> PRE_EXISTING_SECRETS = Set.of("auth-service-db", "userinfo-service-db",
            "account-quota-service-db", "postgresql-ca", "auth-service-keys", "userinfo-service-auth-client",
            "account-quota-service-auth-client", "registry-credentials", "userinfo-platform-tls");

    @TempDir
    static Path work;

    private static List<Arguments> rendered;

    static synchronized Stream<Arguments> renderings() throws Exception {
        if (rendered == null) {
            rendered = List.of(
                    Arguments.of("default values", Chart.parse(Chart.templateWithHooks(work.resolve("d")))),
                    Arguments.of("production values", Chart.parse(Chart.templateWithHooks(work.resolve("p"), Chart.PRODUCTION_VALUES))));
        }
        return rendered.stream();
    }

    /** One object of the rendering and, for a hook, its phases, weight and delete policies. */
    record Rendered(HasMetadata object, Set<String> phases, int weight, Set<String> deletePolicies) {

        static Rendered of(HasMetadata object) {
            Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? Map.of()
                    : object.getMetadata().getAnnotations();
            String phases = annotations.get(Chart.HOOK);
            return new Rendered(object, phases == null ? Set.of() : Set.of(phases.split(",")),
                    Integer.parseInt(annotations.getOrDefault(Chart.HOOK + "-weight", "0")),
                    Set.of(annotations.getOrDefault(Chart.HOOK + "-delete-policy", "before-hook-creation").split(",")));
        }

        boolean hook() {
            return !phases.isEmpty();
        }

        String what() {
            return object.getKind() + " " + object.getMetadata().getName();
        }

        /** What this object makes: itself, and for a cert-manager Certificate the Secret it issues. */
        Set<String> produces() {
            Set<String> made = new LinkedHashSet<>(Set.of(object.getKind() + "/" + object.getMetadata().getName()));
            if (object instanceof GenericKubernetesResource resource && object.getKind().equals("Certificate")) {
                Map<?, ?> spec = (Map<?, ?>) resource.getAdditionalProperties().get("spec");
                made.add("Secret/" + spec.get("secretName"));
            }
            return made;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everythingAHookPodUsesExistsBeforeIt(String values, List<HasMetadata> objects) {
        List<Rendered> all = objects.stream().map(Rendered::of).toList();
        List<Rendered> hookPods = all.stream().filter(r -> r.hook() && podSpec(r.object()) != null).toList();
        assertEquals(3, hookPods.stream().filter(r -> r.object() instanceof Job).count(), values + ": the migration Jobs are hooks");
        assertEquals(3, hookPods.stream().filter(r -> r.phases().equals(Set.of("test"))).count(), values + ": a helm test pod per service");
        List<String> problems = new ArrayList<>();
        for (Rendered pod : hookPods) {
            for (String used : references(podSpec(pod.object()))) {
                List<Rendered> producers = all.stream().filter(r -> r.produces().contains(used)).toList();
                if (producers.isEmpty()) {
                    boolean documented = used.startsWith("Secret/") && PRE_EXISTING_SECRETS.contains(used.substring(7));
                    if (!documented) {
                        problems.add(pod.what() + " uses " + used + ", which nothing creates before it");
                    }
                    continue;
                }
                for (String phase : pod.phases()) {
                    boolean before = producers.stream().anyMatch(p -> existsBefore(p, pod, phase));
                    if (!before) {
                        problems.add(pod.what() + " (" + phase + ", weight " + pod.weight() + ") uses " + used
                                + ", made by " + producers.stream().map(p -> p.what() + (p.hook() ? " " + p.phases()
                                + " weight " + p.weight() : " (a release object, created after the hooks)")).toList());
                    }
                }
                // A prerequisite deleted once it is ready would be gone when the pod needs it (or after an upgrade).
                producers.stream().filter(Rendered::hook).filter(p -> p.deletePolicies().contains("hook-succeeded"))
                        .forEach(p -> problems.add(p.what() + " is deleted after its hook, but " + pod.what() + " uses it"));
            }
        }
        assertTrue(problems.isEmpty(), values + ":\n" + String.join("\n", problems));
    }

    /** Helm runs the hooks of a phase in weight order; test hooks run after install, when the release objects exist. */
    private static boolean existsBefore(Rendered producer, Rendered pod, String phase) {
        if (producer.hook() && producer.phases().contains(phase)) {
            return producer.weight() < pod.weight();
        }
        if (phase.equals("test")) {
            return !producer.hook() || producer.phases().contains("pre-install");
        }
        return false;
    }

    /** Issue #16, 9: the migration Jobs and the helm test pods keep the same security rules as the serving pods. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyPodIncludingHooksIsLockedDown(String values, List<HasMetadata> objects) {
        int pods = 0;
        for (HasMetadata object : objects) {
            PodSpec spec = podSpec(object);
            if (spec != null) {
                RenderedObjectsTest.checkPodSecurity(values + ": " + object.getKind() + " " + object.getMetadata().getName(), spec);
                pods++;
            }
        }
        assertEquals(9, pods, values + ": three Deployments, three Jobs, three test pods");
    }

    /** The pre-existing Secrets the test accepts are the ones the operator's guide tells them to create first. */
    @Test
    void preExistingSecretsAreTheOnesTheInstallGuideCreates() throws Exception {
        String readme = Files.readString(Chart.DEPLOY.resolve("README.md"));
        String install = readme.substring(readme.indexOf("\n## Install\n"), readme.indexOf("\n## TLS\n"));
        for (String secret : PRE_EXISTING_SECRETS) {
            assertTrue(install.contains(" " + secret + " ") || install.contains("`" + secret + "`"),
                    secret + " is not created in deploy/README.md's Install section");
        }
    }

    /** The cert-manager Certificate is a hook only where Helm runs hooks, and stays one object in plain renderings. */
    @Test
    void certificateIsAHookBeforeTheMigrations() throws Exception {
        List<Rendered> production = Chart.parse(Chart.templateWithHooks(work.resolve("c"), Chart.PRODUCTION_VALUES))
                .stream().map(Rendered::of).toList();
        Rendered certificate = production.stream().filter(r -> r.object().getKind().equals("Certificate")).findFirst().orElseThrow();
        assertEquals(Set.of("pre-install", "pre-upgrade"), certificate.phases());
        assertEquals(Set.of("before-hook-creation"), certificate.deletePolicies(), "kept between upgrades, so cert-manager renews it");
        assertFalse(production.stream().anyMatch(r -> r.object() instanceof Pod && !r.hook()), "test pods are only hooks");
    }

    static PodSpec podSpec(HasMetadata object) {
        if (object instanceof Job job) {
            return job.getSpec().getTemplate().getSpec();
        }
        if (object instanceof Deployment deployment) {
            return deployment.getSpec().getTemplate().getSpec();
        }
        if (object instanceof Pod pod) {
            return pod.getSpec();
        }
        return null;
    }

    /** Secrets, ConfigMaps and the ServiceAccount a pod needs before its containers can start. */
    static Set<String> references(PodSpec pod) {
        Set<String> used = new LinkedHashSet<>();
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                used.add("Secret/" + volume.getSecret().getSecretName());
            }
            if (volume.getConfigMap() != null) {
                used.add("ConfigMap/" + volume.getConfigMap().getName());
            }
            if (volume.getProjected() != null) {
                for (VolumeProjection source : volume.getProjected().getSources()) {
                    if (source.getSecret() != null) {
                        used.add("Secret/" + source.getSecret().getName());
                    }
                    if (source.getConfigMap() != null) {
                        used.add("ConfigMap/" + source.getConfigMap().getName());
                    }
                }
            }
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    used.add("Secret/" + env.getValueFrom().getSecretKeyRef().getName());
                }
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    used.add("ConfigMap/" + env.getValueFrom().getConfigMapKeyRef().getName());
                }
            }
            for (EnvFromSource from : container.getEnvFrom()) {
                if (from.getSecretRef() != null) {
                    used.add("Secret/" + from.getSecretRef().getName());
                }
                if (from.getConfigMapRef() != null) {
                    used.add("ConfigMap/" + from.getConfigMapRef().getName());
                }
            }
        }
        for (LocalObjectReference pull : pod.getImagePullSecrets()) {
            used.add("Secret/" + pull.getName());
        }
        if (pod.getServiceAccountName() != null && !pod.getServiceAccountName().equals("default")) {
            used.add("ServiceAccount/" + pod.getServiceAccountName());
        }
        return used;
    }
}
