package dev.userinfo.auth.schema;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;

/**
 * Keeps the entity mapping Hibernate booted with (registered in META-INF/services), so SchemaValidationTest can run
 * Hibernate's schema validator on it: Quarkus keeps its own copy private.
 */
public final class BootedMapping implements Integrator {

    record Booted(Metadata metadata, SessionFactoryImplementor sessionFactory) {
    }

    private static volatile Booted booted;

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        booted = new Booted(metadata, sessionFactory);
    }

    static Booted get() {
        return booted;
    }
}
