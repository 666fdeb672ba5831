package dev.userinfo.archfixture.random.fresh;

import java.security.SecureRandom;

/** Fixture: the allowed forms, a generator in an instance field and one made where it is used. */
public final class RandomPerUse {

    private static final int BYTES = 16;
    private final SecureRandom random = new SecureRandom();

    public byte[] fromField() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    public static byte[] fresh() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
