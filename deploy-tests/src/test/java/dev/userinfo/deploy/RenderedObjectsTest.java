package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** helm template of the defaults and of the production values, parsed into typed objects and checked. */
class RenderedObjectsTest {

    static final List<String> SERVICES = List.of("auth-service", "userinfo-service", "account-quota-service");
    static final List<String> RESOURCE_SERVICES = List.of("userinfo-service", "account-quota-service");
    static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "TOKEN", "KEY");

    private static List<Arguments> rendered;

    /** Each values set, rendered once with the Jobs' hook annotations off so the Jobs appear in the output. */
    static synchronized Stream<Arguments> renderings() throws Exception {
        if (rendered == null) {
            Path noHooks = Files.createTempFile("no-hooks", ".yaml");
            Files.writeString(noHooks, "migrations: {helmHooks: false}\n");
            rendered = List.of(
                    Arguments.of("default values", Chart.parse(Chart.template(noHooks))),
                    Arguments.of("production values", Chart.parse(Chart.template(Chart.PRODUCTION_VALUES, noHooks))));
            Files.delete(noHooks);
        }
        return rendered.stream();
    }

    static String name(String service) {
        return Chart.RELEASE + "-" + service;
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = Chart.ofType(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> "one " + type.getSimpleName() + " named " + name);
        return found.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyObjectKindIsThere(String values, List<HasMetadata> objects) {
        for (Class<? extends HasMetadata> type : List.of(Deployment.class, Service.class, ServiceAccount.class,
                ConfigMap.class, Ingress.class, HorizontalPodAutoscaler.class, PodDisruptionBudget.class,
                NetworkPolicy.class, Job.class)) {
            for (String service : SERVICES) {
                String expected = type == Job.class ? name(service) + "-migrate" : name(service);
                one(objects, type, expected);
            }
        }
        assertTrue(Chart.ofType(objects, Secret.class).isEmpty(), "the chart creates no Secret: it only references them");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void deploymentsAreSecureAndProbed(String values, List<HasMetadata> objects) {
        List<Deployment> deployments = Chart.ofType(objects, Deployment.class);
        assertEquals(3, deployments.size());
        for (Deployment deployment : deployments) {
            String what = values + ": " + deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            checkPod(what, pod);
            Container container = pod.getContainers().get(0);
            assertEquals(8443, container.getPorts().get(0).getContainerPort(), what);
            assertEquals("https", container.getPorts().get(0).getName(), what);
            assertEquals(9000, container.getPorts().get(1).getContainerPort(), what);
            assertEquals("management", container.getPorts().get(1).getName(), what);
            checkProbe(what, container.getStartupProbe(), "/q/health/started");
            checkProbe(what, container.getReadinessProbe(), "/q/health/ready");
            checkProbe(what, container.getLivenessProbe(), "/q/health/live");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void migrationJobsAreSecureAndMigrateOnly(String values, List<HasMetadata> objects) {
        for (String service : SERVICES) {
            Job job = one(objects, Job.class, name(service) + "-migrate");
            String what = values + ": " + job.getMetadata().getName();
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            checkPod(what, pod);
            assertEquals("Never", pod.getRestartPolicy(), what);
            Map<String, String> env = literalEnv(pod.getContainers().get(0));
            assertEquals("true", env.get("QUARKUS_INIT_AND_EXIT"), what + ": exits once migrated");
            assertEquals("true", env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"), what);
            assertTrue(pod.getContainers().get(0).getPorts().isEmpty(), what + ": serves nothing");
            // Same image as the Deployment, so the migrations are the release's own.
            Deployment deployment = one(objects, Deployment.class, name(service));
            assertEquals(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                    pod.getContainers().get(0).getImage(), what);
            Map<String, String> jobLabels = job.getSpec().getTemplate().getMetadata().getLabels();
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            assertFalse(jobLabels.entrySet().containsAll(selector.entrySet()), what + ": job pods are not the Deployment's");
        }
    }

    @Test
    void migrationJobsAreHelmHooksByDefault() throws Exception {
        // helm-java leaves hooks out of its output, so with hooks on (the default) the Jobs must not show up...
        List<HasMetadata> withHooks = Chart.parse(Chart.template());
        assertTrue(Chart.ofType(withHooks, Job.class).isEmpty());
        // ...and the template that makes them carries the hook annotations under that switch.
        String template = Files.readString(Chart.CHART.resolve("templates/migration-job.yaml"));
        assertTrue(template.contains("helm.sh/hook: pre-install,pre-upgrade"), template);
        assertEquals(3, template.split("if \\$\\.Values\\.migrations\\.helmHooks", -1).length - 1, template);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void serviceAccountsMountNoToken(String values, List<HasMetadata> objects) {
        for (String service : SERVICES) {
            ServiceAccount account = one(objects, ServiceAccount.class, name(service));
            assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), values + ": " + service);
            Deployment deployment = one(objects, Deployment.class, name(service));
            assertEquals(name(service), deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void servicesMap443ToThePods8443(String values, List<HasMetadata> objects) {
        for (String service : SERVICES) {
            Service svc = one(objects, Service.class, name(service));
            Deployment deployment = one(objects, Deployment.class, name(service));
            assertEquals("ClusterIP", svc.getSpec().getType());
            // Issue #16, 4: https (443) and the management port (9000), which no Ingress or HTTPRoute routes.
            assertEquals(List.of("https", "management"), svc.getSpec().getPorts().stream().map(ServicePort::getName).toList());
            ServicePort port = svc.getSpec().getPorts().get(0);
            assertEquals(443, port.getPort(), values + ": " + service);
            assertEquals(8443, resolvePort(deployment.getSpec().getTemplate().getSpec().getContainers().get(0),
                    port.getTargetPort()), values + ": " + service);
            assertSelects(svc.getSpec().getSelector(), deployment, values + ": Service " + service);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void ingressesTerminateTls(String values, List<HasMetadata> objects) {
        for (String service : SERVICES) {
            Ingress ingress = one(objects, Ingress.class, name(service));
            String what = values + ": " + service;
            List<IngressTLS> tls = ingress.getSpec().getTls();
            assertFalse(tls.isEmpty(), what);
            Set<String> tlsHosts = tls.stream().flatMap(t -> t.getHosts().stream()).collect(Collectors.toSet());
            ingress.getSpec().getRules().forEach(rule -> assertTrue(tlsHosts.contains(rule.getHost()), what + ": " + rule.getHost()));
            tls.forEach(t -> assertFalse(t.getSecretName() == null || t.getSecretName().isBlank(), what));
            var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
            assertEquals(name(service), backend.getName(), what);
            assertEquals("https", backend.getPort().getName(), what);
            assertEquals("HTTPS", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/backend-protocol"), what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void autoscalersAndDisruptionBudgetsTargetTheDeployments(String values, List<HasMetadata> objects) {
        for (String service : SERVICES) {
            Deployment deployment = one(objects, Deployment.class, name(service));
            HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class, name(service));
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(name(service), hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMinReplicas() >= 2, values + ": at least two pods of " + service);
            assertTrue(hpa.getSpec().getMaxReplicas() >= hpa.getSpec().getMinReplicas());
            assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
            // The HPA owns the replica count.
            assertEquals(null, deployment.getSpec().getReplicas(), values + ": " + service);
            PodDisruptionBudget pdb = one(objects, PodDisruptionBudget.class, name(service));
            assertSelects(pdb.getSpec().getSelector().getMatchLabels(), deployment, values + ": PDB " + service);
            assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < hpa.getSpec().getMinReplicas(),
                    values + ": a node drain can always evict one pod of " + service);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void networkPoliciesAllowOnlyTheDocumentedPaths(String values, List<HasMetadata> objects) {
        for (String service : SERVICES) {
            String what = values + ": " + service;
            NetworkPolicy policy = one(objects, NetworkPolicy.class, name(service));
            Deployment deployment = one(objects, Deployment.class, name(service));
            assertSelects(policy.getSpec().getPodSelector().getMatchLabels(), deployment, what);
            assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes(), what);
            List<String> peers = service.equals("auth-service") ? RESOURCE_SERVICES : List.of("auth-service");

            // Ingress: the ingress controller, the peer services on 8443; Prometheus only where enabled, on the management
            // port 9000 (issue #16, 4); helm test pods on both.
            List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
            for (NetworkPolicyIngressRule rule : ingress) {
                assertFalse(rule.getFrom().isEmpty(), what + ": an ingress rule without 'from' admits everyone");
                boolean prometheus = rule.getFrom().get(0).getPodSelector() != null
                        && "prometheus".equals(rule.getFrom().get(0).getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
                boolean tests = rule.getFrom().get(0).getPodSelector() != null
                        && "test".equals(rule.getFrom().get(0).getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
                assertEquals(prometheus ? List.of(9000) : tests ? List.of(8443, 9000) : List.of(8443),
                        rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList(), what);
                rule.getFrom().forEach(peer -> assertTrue(peer.getIpBlock() == null, what + ": no CIDR may reach a pod"));
            }
            NetworkPolicyPeer controller = ingress.get(0).getFrom().get(0);
            assertEquals("ingress-nginx", controller.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"), what);
            assertEquals(peers, servicesSelected(ingress.get(1).getFrom(), objects), what);

            // Egress: DNS on 53, PostgreSQL on 5432, the peer services on 8443; nothing else.
            List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
            assertEquals(3, egress.size(), what);
            assertEquals(List.of(53, 53), egress.get(0).getPorts().stream().map(p -> p.getPort().getIntVal()).toList(), what);
            assertEquals("kube-dns", egress.get(0).getTo().get(0).getPodSelector().getMatchLabels().get("k8s-app"), what);
            // Issue #16, 8: NodeLocal DNSCache's link-local address, where pods' resolv.conf points on such clusters.
            assertEquals("169.254.20.10/32", egress.get(0).getTo().get(1).getIpBlock().getCidr(), what);
            assertEquals(List.of(5432), egress.get(1).getPorts().stream().map(p -> p.getPort().getIntVal()).toList(), what);
            assertFalse(egress.get(1).getTo().isEmpty(), what + ": an egress rule without 'to' allows every destination");
            assertEquals(List.of(8443), egress.get(2).getPorts().stream().map(p -> p.getPort().getIntVal()).toList(), what);
            assertEquals(peers, servicesSelected(egress.get(2).getTo(), objects), what);
            egress.forEach(rule -> assertFalse(rule.getTo().isEmpty() || rule.getPorts().isEmpty(), what));
        }
    }

    /** Issue #16, 8: pods invite annotation-based scraping only where the NetworkPolicy lets Prometheus in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void scrapeAnnotationsOnlyWhereMonitoringMayReachThePods(String values, List<HasMetadata> objects) {
        boolean monitoring = values.startsWith("production"); // values-production.yaml: networkPolicy.monitoring.enabled
        for (String service : SERVICES) {
            Map<String, String> annotations = one(objects, Deployment.class, name(service)).getSpec().getTemplate()
                    .getMetadata().getAnnotations();
            assertEquals(monitoring ? "true" : null, annotations.get("prometheus.io/scrape"), values + ": " + service);
            assertEquals(monitoring ? "/q/metrics" : null, annotations.get("prometheus.io/path"), values + ": " + service);
            assertEquals(monitoring ? "9000" : null, annotations.get("prometheus.io/port"), values + ": " + service);
        }
    }

    /** Issue #16, 8: an operator's extra rules (an external subscriber, a collector) reach every service's policy as written. */
    @Test
    void extraNetworkPolicyRulesAreAddedToEveryServicesPolicy() throws Exception {
        Path extra = Files.createTempFile("extra-rules", ".yaml");
        Files.writeString(extra, """
                networkPolicy:
                  dns: {cidrs: []}
                  extraIngress:
                    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: observability}}}]
                      ports: [{port: 8443, protocol: TCP}]
                  extraEgress:
                    - to: [{ipBlock: {cidr: 198.51.100.7/32}}]
                      ports: [{port: 443, protocol: TCP}]
                """);
        List<HasMetadata> objects = Chart.parse(Chart.template(extra));
        Files.delete(extra);
        for (String service : SERVICES) {
            NetworkPolicy policy = one(objects, NetworkPolicy.class, name(service));
            List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
            assertEquals("observability", ingress.get(ingress.size() - 1).getFrom().get(0).getNamespaceSelector()
                    .getMatchLabels().get("kubernetes.io/metadata.name"), service);
            List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
            assertEquals(4, egress.size(), service);
            assertEquals("198.51.100.7/32", egress.get(3).getTo().get(0).getIpBlock().getCidr(), service);
            assertEquals(List.of(443), egress.get(3).getPorts().stream().map(p -> p.getPort().getIntVal()).toList(), service);
            assertEquals(1, egress.get(0).getTo().size(), service + ": no NodeLocal DNS address when dns.cidrs is empty");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void servicesFindEachOtherInsideTheRelease(String values, List<HasMetadata> objects) {
        Map<String, String> auth = properties(one(objects, ConfigMap.class, name("auth-service")));
        String issuer = auth.get("auth.issuer");
        assertTrue(issuer.startsWith("https://"), issuer);
        assertTrue(auth.get("auth.discovery.userinfo-endpoint").matches("https://[a-z0-9.-]+/userinfo"), values);
        // Apps are registered once, at auth-service, and announced to userinfo-service only (contract §5).
        assertEquals("https://" + name("userinfo-service") + "/internal/app-events",
                auth.get("auth.delivery.subscribers.userinfo-service.app-events-url"), values);
        assertFalse(auth.containsKey("auth.delivery.subscribers.account-quota-service.app-events-url"), values);
        for (String service : RESOURCE_SERVICES) {
            assertEquals("https://" + name(service) + "/internal/user-events",
                    auth.get("auth.delivery.subscribers." + service + ".url"), values);
            Map<String, String> props = properties(one(objects, ConfigMap.class, name(service)));
            assertEquals(issuer, props.get("platform.jwt.issuer"), values + ": " + service + " expects auth-service's issuer");
            assertEquals("https://" + name("auth-service") + "/.well-known/jwks.json", props.get("platform.jwt.jwks-url"));
            assertEquals(service, props.get("platform.jwt.client-id"));
            assertEquals("https://" + name("auth-service") + "/internal/revocations", props.get("platform.jwt.revocation.feed-url"));
            assertEquals("https://" + name("auth-service") + "/oauth2/introspect",
                    props.get("platform.jwt.personal-tokens.introspection-url"));
            // RFC 8707 / RFC 9068: each resource service checks its own public URL in aud, and auth-service issues it.
            String audience = props.get("platform.jwt.audience");
            assertTrue(audience != null && audience.matches("https://[a-z0-9.-]+"), values + ": " + service + " audience " + audience);
            assertTrue(List.of(auth.get("auth.tokens.resources").split(",")).contains(audience),
                    values + ": " + service + "'s audience is one of auth-service's auth.tokens.resources");
            // auth-service knows this client's secret only through the environment, never as a value.
            assertTrue(auth.get("auth.revocation.feed-client-secrets." + service).matches("\\$\\{[A-Z_]+}"), values + ": " + service);
        }
        // Seed 000's prompts (issue #6): userinfo-service opens them at auth-service, and only it may.
        assertEquals("https://" + name("auth-service") + "/internal/prompts",
                properties(one(objects, ConfigMap.class, name("userinfo-service"))).get("userinfo.prompts.url"), values);
        assertEquals("userinfo-service", auth.get("auth.prompts.trigger-clients"), values);
        // Issue #16, 3: seed 000's authorize_url points at auth-service's public URL, never the default localhost.
        assertEquals(issuer, properties(one(objects, ConfigMap.class, name("userinfo-service"))).get("userinfo.auth-service.public-url"),
                values);
        assertNull(properties(one(objects, ConfigMap.class, name("account-quota-service"))).get("userinfo.prompts.url"), values);
        // Issue #13, 1: one operator list feeds both sides of service:quota_write; none by default.
        Map<String, String> quota = properties(one(objects, ConfigMap.class, name("account-quota-service")));
        String writers = values.startsWith("production") ? "billing-backend" : null;
        assertEquals(writers, auth.get("auth.service-scopes.quota-writers"), values);
        assertEquals(writers, quota.get("platform.quota.writers"), values);
        assertNull(properties(one(objects, ConfigMap.class, name("userinfo-service"))).get("platform.quota.writers"), values);
        for (String service : SERVICES) {
            Map<String, String> props = properties(one(objects, ConfigMap.class, name(service)));
            assertEquals("8443", props.get("quarkus.http.ssl-port"), values + ": " + service);
            // Forwarded client addresses only from the configured proxies, never from anyone.
            if (values.startsWith("production")) {
                assertEquals("true", props.get("quarkus.http.proxy.proxy-address-forwarding"), values + ": " + service);
                assertEquals("10.244.0.0/16", props.get("quarkus.http.proxy.trusted-proxies"), values + ": " + service);
            } else {
                assertEquals(null, props.get("quarkus.http.proxy.proxy-address-forwarding"), values + ": " + service);
            }
            assertEquals("/etc/platform/tls/tls.crt", props.get("platform.tls.cert"));
            assertEquals("/etc/platform/ca/ca.crt", props.get("platform.auth-service.ca"));
            assertTrue(props.get("quarkus.datasource.jdbc.url").startsWith("jdbc:postgresql://"), values);
            assertTrue(props.get("quarkus.datasource.reactive.url").startsWith("postgresql://"), values);
            // A secret-looking key may only name a file mounted from a Secret, never hold a value.
            props.forEach((key, value) -> assertFalse(
                    SECRET_WORDS.stream().anyMatch(w -> key.toUpperCase().replace('.', '_').replace('-', '_').endsWith(w))
                            && !value.startsWith("/etc/platform/"),
                    values + ": a secret value in a ConfigMap: " + key));
            // The mounted file is where QUARKUS_CONFIG_LOCATIONS says.
            Container container = one(objects, Deployment.class, name(service)).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("/etc/platform/config/application.properties", literalEnv(container).get("QUARKUS_CONFIG_LOCATIONS"));
        }
    }

    /** Issue #15 item 4: seed 004's IP-to-country database is the image's unless a volume holds a replacement. */
    @Test
    void userinfoServiceMountsAReplacementCountryDatabaseOnlyWhenGiven() throws Exception {
        Path overlay = Files.createTempFile("geo", ".yaml");
        Files.writeString(overlay, """
                userinfoService:
                  geoDatabase:
                    volume: {persistentVolumeClaim: {claimName: geoip, readOnly: true}}
                    file: countries.mmdb
                    refreshInterval: 5m
                """);
        List<HasMetadata> replaced;
        try {
            replaced = Chart.parse(Chart.template(overlay));
        } finally {
            Files.delete(overlay);
        }
        Map<String, String> props = properties(one(replaced, ConfigMap.class, name("userinfo-service")));
        assertEquals("/etc/platform/geoip/countries.mmdb", props.get("userinfo.geo.database"));
        assertEquals("5m", props.get("userinfo.geo.refresh-interval"));
        PodSpec pod = one(replaced, Deployment.class, name("userinfo-service")).getSpec().getTemplate().getSpec();
        checkPod("userinfo-service with a replacement database", pod);
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals("geoip")).findFirst().orElseThrow();
        assertEquals("geoip", volume.getPersistentVolumeClaim().getClaimName());
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("geoip")).findFirst().orElseThrow();
        assertEquals("/etc/platform/geoip", mount.getMountPath());
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        // a subPath mount would never see the replaced file
        assertNull(mount.getSubPath());

        List<HasMetadata> defaults = Chart.parse(Chart.template());
        Map<String, String> defaultProps = properties(one(defaults, ConfigMap.class, name("userinfo-service")));
        assertNull(defaultProps.get("userinfo.geo.database"), "the image's database at its fixed path");
        assertEquals("60s", defaultProps.get("userinfo.geo.refresh-interval"));
        for (List<HasMetadata> objects : List.of(defaults, replaced)) {
            for (String service : SERVICES) {
                PodSpec spec = one(objects, Deployment.class, name(service)).getSpec().getTemplate().getSpec();
                boolean mounted = spec.getVolumes().stream().anyMatch(v -> v.getName().equals("geoip"));
                assertEquals(objects == replaced && service.equals("userinfo-service"), mounted, service);
            }
            assertNull(properties(one(objects, ConfigMap.class, name("auth-service"))).get("userinfo.geo.refresh-interval"));
        }
    }

    // ---- shared checks

    /** The pod properties that issue #7 lists, for a Deployment's or a Job's pod. */
    private static void checkPod(String what, PodSpec pod) {
        checkPodSecurity(what, pod);
        Container container = pod.getContainers().get(0);
        // Writable storage only where needed: every writable mount is an emptyDir (/tmp); everything else read-only.
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertTrue(volumes.values().stream().filter(v -> v.getEmptyDir() != null).count() <= 1, what + ": one emptyDir");
        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
        assertEquals(List.of("tls.crt", "tls.key"), volumes.get(mounts.get("/etc/platform/tls")).getSecret().getItems()
                .stream().map(i -> i.getPath()).toList(), what + ": the TLS Secret at /etc/platform/tls");
        assertNotNull(volumes.get(mounts.get("/etc/platform/ca")).getSecret(), what + ": the CA at /etc/platform/ca");
        Set<String> fromSecrets = container.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .map(EnvVar::getName).collect(Collectors.toSet());
        assertTrue(fromSecrets.containsAll(Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")), what);
        if (container.getImage().contains("/auth-service:")) {
            assertTrue(fromSecrets.containsAll(Set.of("AUTH_SIGNING_KEY_ENCRYPTION_KEY", "AUTH_ADMIN_TOKEN",
                    "USERINFO_SERVICE_CLIENT_SECRET", "ACCOUNT_QUOTA_SERVICE_CLIENT_SECRET")), what);
        } else {
            assertTrue(fromSecrets.contains("PLATFORM_JWT_CLIENT_SECRET"), what);
        }
    }

    /** What every pod of the chart keeps, serving, migrating or testing (issue #7; issue #16, 9 for helm test pods). */
    static void checkPodSecurity(String what, PodSpec pod) {
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), what + ": automountServiceAccountToken");
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), what + ": pod runAsNonRoot");
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), what + ": pod seccomp");
        assertEquals(1, pod.getContainers().size(), what);
        assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty(), what);
        Container container = pod.getContainers().get(0);
        SecurityContext security = container.getSecurityContext();
        assertEquals(Boolean.TRUE, security.getRunAsNonRoot(), what + ": runAsNonRoot");
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), what + ": readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), what + ": allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), what + ": drop ALL");
        assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty(), what);
        assertEquals("RuntimeDefault", security.getSeccompProfile().getType(), what + ": seccomp");
        assertTrue(security.getPrivileged() == null || !security.getPrivileged(), what);

        for (String kind : List.of("requests", "limits")) {
            Map<String, Quantity> amounts = kind.equals("requests")
                    ? container.getResources().getRequests() : container.getResources().getLimits();
            assertNotNull(amounts, what + ": " + kind);
            assertNotNull(amounts.get("cpu"), what + ": cpu " + kind);
            assertNotNull(amounts.get("memory"), what + ": memory " + kind);
        }
        assertTrue(Quantity.getAmountInBytes(container.getResources().getRequests().get("memory"))
                .compareTo(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory"))) <= 0, what);

        // Writable storage only where needed: every writable mount is an emptyDir (/tmp); everything else read-only.
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.get(mount.getName());
            assertNotNull(volume, what + ": " + mount.getName());
            if (!Boolean.TRUE.equals(mount.getReadOnly())) {
                assertNotNull(volume.getEmptyDir(), what + ": writable mount that is not an emptyDir: " + mount.getMountPath());
                assertEquals("/tmp", mount.getMountPath(), what);
            }
            assertTrue(volume.getHostPath() == null, what + ": no hostPath");
        }

        // Secrets only by reference: no literal value for a secret-looking variable.
        for (EnvVar env : container.getEnv()) {
            boolean secretLooking = SECRET_WORDS.stream().anyMatch(w -> env.getName().toUpperCase().contains(w));
            if (secretLooking) {
                assertTrue(env.getValue() == null && env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
                        what + ": " + env.getName() + " must come from a Secret");
            }
        }
    }

    private static void checkProbe(String what, Probe probe, String path) {
        assertNotNull(probe, what + ": probe " + path);
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, what + ": " + path + " is an HTTP probe");
        assertEquals(path, get.getPath(), what);
        assertEquals("HTTPS", get.getScheme(), what + ": " + path);
        assertEquals("management", get.getPort().getStrVal(), what + ": " + path + " on the management interface (issue #16, 4)");
        assertTrue(probe.getPeriodSeconds() > 0 && probe.getFailureThreshold() > 0, what);
    }

    private static int resolvePort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> p.getName().equals(port.getStrVal()))
                .findFirst().orElseThrow().getContainerPort();
    }

    private static void assertSelects(Map<String, String> selector, Deployment deployment, String what) {
        assertFalse(selector == null || selector.isEmpty(), what + ": empty selector");
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(labels.entrySet().containsAll(selector.entrySet()), what + ": selector " + selector + " vs " + labels);
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(), selector, what);
    }

    /** Which of the release's services a list of peers selects (same namespace, by pod labels). */
    private static List<String> servicesSelected(List<NetworkPolicyPeer> peers, List<HasMetadata> objects) {
        List<String> selected = new ArrayList<>();
        for (NetworkPolicyPeer peer : peers) {
            assertTrue(peer.getNamespaceSelector() == null && peer.getIpBlock() == null, "a peer service is in this namespace");
            for (String service : SERVICES) {
                Map<String, String> labels = one(objects, Deployment.class, name(service)).getSpec().getTemplate().getMetadata().getLabels();
                if (labels.entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet())) {
                    selected.add(service);
                }
            }
        }
        return selected;
    }

    private static Map<String, String> literalEnv(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    static Map<String, String> properties(ConfigMap map) {
        String text = map.getData().get("application.properties");
        assertNotNull(text, map.getMetadata().getName());
        return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0].trim(), kv -> kv[1].trim(), (a, b) -> {
                    throw new AssertionError("a key set twice in " + map.getMetadata().getName() + ": " + a + ", " + b);
                }));
    }
}
