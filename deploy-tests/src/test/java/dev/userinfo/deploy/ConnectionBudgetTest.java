package dev.userinfo.deploy;

import static dev.userinfo.deploy.RenderedObjectsTest.SERVICES;
import static dev.userinfo.deploy.RenderedObjectsTest.name;
import static dev.userinfo.deploy.RenderedObjectsTest.one;
import static dev.userinfo.deploy.RenderedObjectsTest.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16 item 5: pool sizes are values, the chart refuses values whose pods could open more PostgreSQL
 * connections than the database accepts (deploy/README.md, "Connection budget"), and PgBouncer mode sends LISTEN and
 * migrations to PostgreSQL itself.
 */
class ConnectionBudgetTest {

    private static final Map<String, String> SCHEMAS =
            Map.of("auth-service", "auth", "userinfo-service", "userinfo", "account-quota-service", "quota");

    @TempDir
    Path dir;

    private List<HasMetadata> render(String overlay, Path... before) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "values", ".yaml"), overlay);
        Path[] files = java.util.Arrays.copyOf(before, before.length + 1);
        files[before.length] = file;
        return Chart.parse(Chart.template(files));
    }

    private String refusal(String overlay, Path... before) throws Exception {
        Exception refused = assertThrows(Exception.class, () -> render(overlay, before));
        return String.valueOf(refused.getMessage());
    }

    @Test
    void theDefaultsAndTheProductionExampleFitTheirDatabase() throws Exception {
        // Defaults: 3 services × 3 pods × (4 + 2 + 1) = 63, + 21 surging = 84 of 100 - 10.
        checkPools(render(""), "4");
        // Production: 50 pods × (6 + 2 + 1) = 450, + 27 surging = 477 of 500 - 10.
        checkPools(render("", Chart.PRODUCTION_VALUES), "6");
    }

    private static void checkPools(List<HasMetadata> objects, String reactiveMaxSize) {
        for (String service : SERVICES) {
            Map<String, String> props = properties(one(objects, ConfigMap.class, name(service)));
            assertEquals(reactiveMaxSize, props.get("quarkus.datasource.reactive.max-size"), service);
            assertEquals("2", props.get("quarkus.datasource.jdbc.max-size"), service);
            assertEquals(SCHEMAS.get(service), props.get("quarkus.datasource.reactive.additional-properties.search_path"),
                    service + ": without PgBouncer the pool still names its schema");
            assertNull(props.get("platform.database.direct-url"), service);
            assertNull(props.get("quarkus.flyway.jdbc-url"), service);
        }
    }

    @Test
    void overBudgetValuesAreRefusedWithTheirNumbers() throws Exception {
        // 4 + 3 + 3 pods × 7 = 70, + 21 surging = 91 > 90.
        String message = refusal("authService: {autoscaling: {maxReplicas: 4}}\n");
        assertTrue(message.contains("connection budget exceeded: up to 91 PostgreSQL connections"), message);
        assertTrue(message.contains("auth-service 4 pods × 7"), message);
        assertTrue(message.contains("database.maxConnections 100 - database.reservedConnections 10 = 90"), message);
        // One more pool connection is enough too, and without autoscaling the fixed replica count counts.
        assertTrue(refusal("database: {pool: {reactiveMaxSize: 5}}\n").contains("up to 96 PostgreSQL connections"));
        assertTrue(refusal("userinfoService: {replicaCount: 4, autoscaling: {enabled: false}}\n")
                .contains("userinfo-service 4 pods × 7"));
        // The production example at the default max_connections does not fit.
        assertTrue(refusal("database: {maxConnections: 100}\n", Chart.PRODUCTION_VALUES).contains("up to 477 PostgreSQL"));
        // Within budget again once the database is declared larger.
        render("authService: {autoscaling: {maxReplicas: 4}}\ndatabase: {maxConnections: 200}\n");
    }

    private static final String PGBOUNCER = """
            database:
              host: pgbouncer.db.svc
              port: 6432
              pgbouncer: {enabled: true, serverConnections: 40}
              direct: {host: primary.db.svc, port: 5432}
            """;

    @Test
    void behindPgBouncerListenAndMigrationsGoDirectAndNoSearchPathIsSent() throws Exception {
        Path noHooks = Files.writeString(dir.resolve("no-hooks.yaml"), "migrations: {helmHooks: false}\n");
        List<HasMetadata> objects = render(PGBOUNCER, noHooks);
        for (String service : SERVICES) {
            for (String map : List.of(name(service), name(service) + "-migrate")) {
                Map<String, String> props = properties(one(objects, ConfigMap.class, map));
                assertTrue(props.get("quarkus.datasource.reactive.url").startsWith("postgresql://pgbouncer.db.svc:6432/"), map);
                assertTrue(props.get("quarkus.datasource.jdbc.url").startsWith("jdbc:postgresql://pgbouncer.db.svc:6432/"), map);
                assertEquals("postgresql://primary.db.svc:5432/platform", props.get("platform.database.direct-url"), map);
                assertEquals("jdbc:postgresql://primary.db.svc:5432/platform?sslmode=verify-full&sslrootcert=/etc/platform/db-ca/ca.crt",
                        props.get("quarkus.flyway.jdbc-url"), map);
                assertFalse(props.keySet().stream().anyMatch(k -> k.contains("search_path")),
                        map + ": PgBouncer refuses a search_path startup parameter; the role's own setting applies");
            }
            List<EnvVar> env = one(objects, Deployment.class, name(service)).getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getEnv();
            List<EnvVar> jobEnv = one(objects, Job.class, name(service) + "-migrate").getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getEnv();
            for (List<EnvVar> vars : List.of(env, jobEnv)) {
                for (String var : List.of("QUARKUS_FLYWAY_USERNAME", "QUARKUS_FLYWAY_PASSWORD")) {
                    EnvVar found = vars.stream().filter(e -> e.getName().equals(var)).findFirst().orElseThrow();
                    assertEquals(service + "-db", found.getValueFrom().getSecretKeyRef().getName(), service + " " + var);
                }
            }
            // Egress to the pooler and to PostgreSQL itself.
            NetworkPolicy policy = one(objects, NetworkPolicy.class, name(service));
            assertTrue(policy.getSpec().getEgress().stream().anyMatch(rule -> rule.getPorts().stream()
                    .map(p -> p.getPort().getIntVal()).toList().equals(List.of(6432, 5432))), service);
        }
    }

    @Test
    void pgBouncerModeCountsOnlyDirectSessionsAndPgBouncersOwn() throws Exception {
        // The production HPA maxima at the default max_connections: 50 pods × (1 LISTEN + 2 Flyway) = 150,
        // + 9 surging + 40 server connections = 199 > 90; with 300 they fit.
        String message = refusal(PGBOUNCER, Chart.PRODUCTION_VALUES, Files.writeString(dir.resolve("small.yaml"),
                "database: {maxConnections: 100}\n"));
        assertTrue(message.contains("up to 199 PostgreSQL connections"), message);
        assertTrue(message.contains("+ 40 PgBouncer server connections"), message);
        render(PGBOUNCER + "  maxConnections: 300\n", Chart.PRODUCTION_VALUES);
        assertTrue(refusal("database: {pgbouncer: {enabled: true, serverConnections: 40}}\n")
                .contains("database.pgbouncer.enabled needs database.direct.host"));
        assertTrue(refusal("database: {pgbouncer: {enabled: true}, direct: {host: primary.db.svc}}\n")
                .contains("database.pgbouncer.serverConnections"));
    }
}
