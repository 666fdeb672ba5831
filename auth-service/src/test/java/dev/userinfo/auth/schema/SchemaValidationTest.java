package dev.userinfo.auth.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.hibernate.tool.schema.spi.ContributableMatcher;
import org.hibernate.tool.schema.spi.ExceptionHandler;
import org.hibernate.tool.schema.spi.ExecutionOptions;
import org.hibernate.tool.schema.spi.SchemaManagementTool;
import org.junit.jupiter.api.Test;

/**
 * The entity mappings match the schema the Flyway migrations built, column type by column type. Every @QuarkusTest
 * already boots with schema-management strategy validate (missing tables and columns); this runs the stricter
 * check dev mode runs after boot (Hibernate Reactive reads PostgreSQL's type names, so varchar(255) is not text).
 */
@QuarkusTest
class SchemaValidationTest {

    @Test
    void everyEntityMappingMatchesTheMigratedSchema() {
        BootedMapping.Booted booted = BootedMapping.get();
        assertNotNull(booted, "BootedMapping was not registered as a Hibernate Integrator");
        SchemaManagementTool tool = booted.sessionFactory().getServiceRegistry().getService(SchemaManagementTool.class);
        assertDoesNotThrow(() -> tool.getSchemaValidator(Map.of()).doValidation(booted.metadata(), new Options(),
                ContributableMatcher.ALL), "entity mappings differ from db/migration; change the mapping, not the schema");
    }

    private static final class Options implements ExecutionOptions {
        @Override
        public Map<String, Object> getConfigurationValues() {
            return Map.of();
        }

        @Override
        public boolean shouldManageNamespaces() {
            return false;
        }

        @Override
        public ExceptionHandler getExceptionHandler() {
            return e -> {
                throw e;
            };
        }
    }
}
