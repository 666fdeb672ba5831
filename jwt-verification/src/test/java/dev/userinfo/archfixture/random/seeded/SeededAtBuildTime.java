package dev.userinfo.archfixture.random.seeded;

import java.security.SecureRandom;

/** Fixture: the pattern of issue #17 (a static SecureRandom in a class Quarkus initialises at build time). */
public final class SeededAtBuildTime {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SeededAtBuildTime() {
    }

    public static int next() {
        return RANDOM.nextInt();
    }
}
