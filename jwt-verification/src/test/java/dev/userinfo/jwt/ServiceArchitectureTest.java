package dev.userinfo.jwt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.userinfo.jwt.testing.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The shared architecture rules fail on what they forbid (fixtures under dev.userinfo.archfixture), not only pass. */
class ServiceArchitectureTest {

    private static final JavaClasses FIXTURES = ServiceArchitecture.allClassesOf("dev.userinfo.archfixture");

    @Test
    void packageCycleWhenTwoPackagesImportEachOtherThenTheRuleFails() {
        assertThrows(AssertionError.class,
                () -> ServiceArchitecture.noPackageCycles("dev.userinfo.archfixture.cyclic").check(FIXTURES));
    }

    @Test
    void layeredPackagesThatImportASharedJarThenBothRulesPass() {
        assertDoesNotThrow(() -> ServiceArchitecture.noPackageCycles("dev.userinfo.archfixture.layered").check(FIXTURES));
        assertDoesNotThrow(() -> ServiceArchitecture.noOtherServiceImported("dev.userinfo.archfixture.layered").check(FIXTURES));
    }

    @Test
    void serviceImportingAnotherServiceThenTheRuleFails() {
        assertThrows(AssertionError.class,
                () -> ServiceArchitecture.noOtherServiceImported("dev.userinfo.archfixture.intruder").check(FIXTURES));
    }

    @Test
    void staticRandomFieldThenTheRuleFails() {
        assertThrows(AssertionError.class,
                () -> ServiceArchitecture.noRandomInStaticFields("dev.userinfo.archfixture.random.seeded").check(FIXTURES));
    }

    @Test
    void randomInAnInstanceFieldOrMadeWhereUsedThenTheRulePasses() {
        assertDoesNotThrow(() -> ServiceArchitecture.noRandomInStaticFields("dev.userinfo.archfixture.random.fresh").check(FIXTURES));
    }
}
