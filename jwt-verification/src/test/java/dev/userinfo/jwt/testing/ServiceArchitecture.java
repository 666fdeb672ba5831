package dev.userinfo.jwt.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The package rules of every service (issue #14, 2), written once: no package cycle inside a service, and no
 * service importing another; the shared jars (jwt-verification, platform-contracts) are the only way to share code.
 */
public final class ServiceArchitecture {

    /** What every service may import from this platform besides itself. */
    private static final String[] SHARED = {"dev.userinfo.jwt..", "dev.userinfo.contracts.."};

    /** The JDK's random generators: GraalVM refuses an instance of any of them in the image heap. */
    private static final Set<String> RANDOM_TYPES = Set.of("java.util.Random", "java.security.SecureRandom",
            "java.util.SplittableRandom", "java.util.concurrent.ThreadLocalRandom");

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

    /**
     * No static field holds a random generator (issue #17). Quarkus initialises application classes at build time, so
     * such a field puts a seeded generator into the native image heap, which GraalVM refuses ("Detected an instance of
     * Random/SplittableRandom class in the image heap") and which would hand every process the same seed otherwise.
     * Keep the generator in a bean's instance field or create it where it is used.
     */
    public static ArchRule noRandomInStaticFields(String packageName) {
        DescribedPredicate<JavaClass> randomType = DescribedPredicate.describe("a random generator type",
                type -> RANDOM_TYPES.contains(type.getName()) || type.getAllRawSuperclasses().stream()
                        .anyMatch(superclass -> RANDOM_TYPES.contains(superclass.getName())));
        return noFields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage(packageName + "..")
                .should().haveRawType(randomType)
                .as("no static field of " + packageName + " holds a Random, SecureRandom or SplittableRandom "
                        + "(build-time initialised classes put it in the native image heap)")
                .allowEmptyShould(true);
    }

    /** Every rule over the service's main classes, and the random rule over the shared jars it carries too. */
    public static void check(String servicePackage) {
        JavaClasses classes = mainClassesOf(servicePackage);
        noPackageCycles(servicePackage).check(classes);
        noOtherServiceImported(servicePackage).check(classes);
        noRandomInStaticFields(servicePackage).check(classes);
        for (String shared : new String[] {"dev.userinfo.jwt", "dev.userinfo.contracts"}) {
            noRandomInStaticFields(shared).check(mainClassesOf(shared));
        }
    }
}
