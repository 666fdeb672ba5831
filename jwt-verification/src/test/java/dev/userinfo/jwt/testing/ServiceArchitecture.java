package dev.userinfo.jwt.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of every service (issue #14, 2), written once: no package cycle inside a service, and no
 * service importing another; the shared jars (jwt-verification, platform-contracts) are the only way to share code.
 */
public final class ServiceArchitecture {

    /** What every service may import from this platform besides itself. */
    private static final String[] SHARED = {"dev.userinfo.jwt..", "dev.userinfo.contracts.."};

    static {
        // A dependency's package is known from the class file; resolving all of Quarkus from the classpath only costs time.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    private ServiceArchitecture() {
    }

    /** The main classes of a service, e.g. {@code dev.userinfo.auth}. */
    public static JavaClasses mainClassesOf(String servicePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
    }

    /** Every class of a package, test classes included (the rules' own fixtures). */
    public static JavaClasses allClassesOf(String packageName) {
        return new ClassFileImporter().importPackages(packageName);
    }

    /** Each top-level package of the service (a capability) is a slice; the slices form no cycle. */
    public static ArchRule noPackageCycles(String servicePackage) {
        return slices().matching(servicePackage + ".(*)..").should().beFreeOfCycles();
    }

    /** Nothing of {@code dev.userinfo} outside the service itself and the shared jars. */
    public static ArchRule noOtherServiceImported(String servicePackage) {
        String[] allowed = new String[SHARED.length + 1];
        allowed[0] = servicePackage + "..";
        System.arraycopy(SHARED, 0, allowed, 1, SHARED.length);
        return noClasses().that().resideInAPackage(servicePackage + "..")
                .should().dependOnClassesThat(resideInAPackage("dev.userinfo..").and(not(resideInAnyPackage(allowed))))
                .as("no class of " + servicePackage + " depends on another service (only on jwt-verification and "
                        + "platform-contracts)");
    }

    /** Both rules over the service's main classes; fails with every violation listed. */
    public static void check(String servicePackage) {
        JavaClasses classes = mainClassesOf(servicePackage);
        noPackageCycles(servicePackage).check(classes);
        noOtherServiceImported(servicePackage).check(classes);
    }
}
