package dev.userinfo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #16, 4: the public Ingresses and HTTPRoutes publish an allow-list per service and never reach /admin,
 * /internal or /q (nor account-quota-service's /api/admin); the admin routes exist only when asked for; the
 * production ConfigMaps carry no development or placeholder address.
 */
class PublicRoutesTest {

    /** Subtrees no public route may reach. */
    static final List<String> NOT_PUBLIC = List.of("/admin", "/internal", "/q", "/api/admin");

    /** Documented public endpoints (each service's README) the public routes must reach. */
    static final Map<String, List<String>> PUBLIC = Map.of(
            "auth-service", List.of("/.well-known/openid-configuration", "/.well-known/jwks.json", "/oauth2/token",
                    "/oauth2/authorize/decision", "/login", "/logout", "/account/apps", "/developer", "/developer/apps/demo-app",
                    "/operator", "/operator/users/42", "/me/events", "/me/prompts/42",
                    "/static/pages.css", "/userservices/v2/authorization/token"),
            "userinfo-service", List.of("/userinfo", "/chatroom/api/account/info", "/user/info", "/developer/profile.php",
                    "/developer/user_info.php", "/userservices/v2/authorization/userinfo", "/whoami"),
            "account-quota-service", List.of("/api/user/self", "/api/user/aff_transfer", "/api/quota/consume", "/whoami"));

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    @TempDir
    static Path work;

    private static List<Arguments> rendered;

    static synchronized Stream<Arguments> renderings() throws Exception {
        if (rendered == null) {
            Path gateway = Files.writeString(work.resolve("gateway.yaml"), """
                    gateway:
                      enabled: true
                      parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
                    """);
            rendered = List.of(
                    Arguments.of("default values", Chart.parse(Chart.template())),
                    Arguments.of("production values", Chart.parse(Chart.template(Chart.PRODUCTION_VALUES))),
                    Arguments.of("default values, gateway", Chart.parse(Chart.template(gateway))),
                    Arguments.of("production values, gateway", Chart.parse(Chart.template(Chart.PRODUCTION_VALUES, gateway))));
        }
        return rendered.stream();
    }

    /** A path rule: Exact or Prefix (Ingress pathType; Gateway API PathPrefix is the same rule). */
    record PathRule(String service, String path, String type) {

        /** Kubernetes Ingress Prefix and Gateway API PathPrefix match whole path elements; a trailing / is ignored. */
        boolean matches(String request) {
            return switch (type) {
                case "Exact" -> request.equals(path);
                case "Prefix" -> {
                    String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                    yield prefix.isEmpty() || request.equals(prefix) || request.startsWith(prefix + "/");
                }
                default -> true; // ImplementationSpecific or a regular expression: assume it reaches anything
            };
        }

        /** Whether some request under {@code subtree} (itself included) matches this rule. */
        boolean reaches(String subtree) {
            return matches(subtree) || matches(subtree + "/anything")
                    || new PathRule(service, subtree, "Prefix").matches(path);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void publicRoutesReachOnlyPublicPaths(String values, List<HasMetadata> objects) {
        boolean gateway = values.endsWith("gateway");
        List<PathRule> ingress = ingressRules(objects, false);
        List<PathRule> routes = httpRouteRules(objects, false);
        assertFalse(ingress.isEmpty(), values);
        assertEquals(gateway, !routes.isEmpty(), values);
        for (PathRule rule : Stream.concat(ingress.stream(), routes.stream()).toList()) {
            for (String subtree : NOT_PUBLIC) {
                assertFalse(rule.reaches(subtree), values + ": " + rule + " reaches " + subtree);
            }
        }
        for (var service : PUBLIC.entrySet()) {
            for (String path : service.getValue()) {
                assertTrue(ingress.stream().anyMatch(r -> r.service().equals(service.getKey()) && r.matches(path)),
                        values + ": the Ingress of " + service.getKey() + " does not publish " + path);
            }
        }
        // One allow-list in the chart: the HTTPRoutes publish exactly what the Ingresses do.
        if (gateway) {
            assertEquals(new TreeSet<>(ingress.stream().map(PathRule::toString).toList()),
                    new TreeSet<>(routes.stream().map(PathRule::toString).toList()), values);
            List<HasMetadata> policies = generic(objects, "BackendTLSPolicy");
            assertEquals(3, policies.size(), values + ": the Gateway speaks HTTPS to each Service");
        }
        for (HasMetadata object : objects) {
            assertFalse(object.getMetadata().getName().endsWith("-admin"), values + ": no admin route by default: " + object.getMetadata().getName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void routesUseThePublicPortNeverManagement(String values, List<HasMetadata> objects) {
        for (Ingress ingress : Chart.ofType(objects, Ingress.class)) {
            for (HTTPIngressPath path : ingress.getSpec().getRules().get(0).getHttp().getPaths()) {
                assertEquals("https", path.getBackend().getService().getPort().getName(), values + ": " + ingress.getMetadata().getName());
            }
        }
        for (HasMetadata route : generic(objects, "HTTPRoute")) {
            for (Map<?, ?> rule : list(spec(route).get("rules"))) {
                for (Map<?, ?> backend : list(rule.get("backendRefs"))) {
                    assertEquals(443, ((Number) backend.get("port")).intValue(), values + ": " + route.getMetadata().getName());
                }
            }
        }
    }

    /** The production example names example.org hosts: nothing from the chart's defaults or from development leaks in. */
    @Test
    void productionConfigMapsHoldNoDevelopmentOrPlaceholderAddress() {
        List<HasMetadata> production = Chart.parse(Chart.template(Chart.PRODUCTION_VALUES));
        List<ConfigMap> maps = Chart.ofType(production, ConfigMap.class);
        assertEquals(3, maps.size());
        for (ConfigMap map : maps) {
            for (String text : map.getData().values()) {
                for (String leak : List.of("localhost", "127.0.0.1", "example.com")) {
                    assertFalse(text.contains(leak), map.getMetadata().getName() + " holds " + leak + ":\n" + text);
                }
            }
        }
    }

    @Test
    void adminRoutesOnlyWhenEnabledAndOnlyAdminPaths() throws Exception {
        Path admin = Files.writeString(work.resolve("admin.yaml"), """
                ingress:
                  admin:
                    enabled: true
                    annotations: {nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8}
                gateway:
                  enabled: true
                  parentRefs: [{name: public}]
                  admin: {enabled: true, parentRefs: [{name: internal}]}
                """);
        List<HasMetadata> objects = Chart.parse(Chart.template(Chart.PRODUCTION_VALUES, admin));
        for (List<PathRule> rules : List.of(ingressRules(objects, true), httpRouteRules(objects, true))) {
            assertEquals(Set.of("auth-service", "userinfo-service", "account-quota-service"),
                    Set.copyOf(rules.stream().map(PathRule::service).toList()));
            assertTrue(rules.stream().anyMatch(r -> r.service().equals("auth-service") && r.matches("/admin/apps")));
            assertTrue(rules.stream().anyMatch(r -> r.service().equals("userinfo-service") && r.matches("/admin/profiles")));
            assertTrue(rules.stream().anyMatch(r -> r.service().equals("account-quota-service") && r.matches("/api/admin/accounts")));
            for (PathRule rule : rules) {
                assertFalse(rule.reaches("/internal") || rule.reaches("/q"), rule.toString());
            }
        }
        Ingress auth = Chart.ofType(objects, Ingress.class).stream()
                .filter(i -> i.getMetadata().getName().equals(Chart.RELEASE + "-auth-service-admin")).findFirst().orElseThrow();
        assertEquals("auth-admin.example.com", auth.getSpec().getRules().get(0).getHost());
        assertEquals("10.0.0.0/8", auth.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/whitelist-source-range"));
        assertEquals("HTTPS", auth.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/backend-protocol"));
        // The public routes stay as they were.
        for (PathRule rule : Stream.concat(ingressRules(objects, false).stream(), httpRouteRules(objects, false).stream()).toList()) {
            NOT_PUBLIC.forEach(subtree -> assertFalse(rule.reaches(subtree), rule + " reaches " + subtree));
        }
    }

    /** An HTTPRoute attached to no Gateway publishes nothing: the schema refuses gateway.enabled without parentRefs. */
    @Test
    void gatewayWithoutParentRefsIsRefused() throws Exception {
        Path bad = Files.writeString(work.resolve("no-parent.yaml"), "gateway: {enabled: true}\n");
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Chart.template(bad));
        assertTrue(String.valueOf(refused.getMessage()).contains("parentRefs"), refused.getMessage());
    }

    /** The rules of the public (admin = false) or the admin Ingresses, per service. */
    static List<PathRule> ingressRules(List<HasMetadata> objects, boolean admin) {
        List<PathRule> rules = new ArrayList<>();
        for (Ingress ingress : Chart.ofType(objects, Ingress.class)) {
            if (ingress.getMetadata().getName().endsWith("-admin") != admin) {
                continue;
            }
            String service = service(ingress);
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path ->
                    rules.add(new PathRule(service, path.getPath(), path.getPathType()))));
        }
        return rules;
    }

    static List<PathRule> httpRouteRules(List<HasMetadata> objects, boolean admin) {
        List<PathRule> rules = new ArrayList<>();
        for (HasMetadata route : generic(objects, "HTTPRoute")) {
            if (route.getMetadata().getName().endsWith("-admin") != admin) {
                continue;
            }
            for (Map<?, ?> rule : list(spec(route).get("rules"))) {
                for (Map<?, ?> match : list(rule.get("matches"))) {
                    Map<?, ?> path = (Map<?, ?>) match.get("path");
                    String type = String.valueOf(path.get("type"));
                    rules.add(new PathRule(service(route), String.valueOf(path.get("value")),
                            type.equals("PathPrefix") ? "Prefix" : type));
                }
            }
        }
        return rules;
    }

    private static String service(HasMetadata object) {
        return object.getMetadata().getLabels().get("app.kubernetes.io/name");
    }

    /** Objects of a kind, typed or not (fabric8 knows some Gateway API versions, not others). */
    private static List<HasMetadata> generic(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
    }

    private static Map<?, ?> spec(HasMetadata resource) {
        return (Map<?, ?>) KUBE.convertValue(resource, Map.class).get("spec");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> list(Object value) {
        return value == null ? List.of() : (List<Map<?, ?>>) value;
    }
}
