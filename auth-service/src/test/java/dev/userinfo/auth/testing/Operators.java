package dev.userinfo.auth.testing;

import dev.userinfo.auth.operatoridentity.OperatorTokens;
import dev.userinfo.auth.pat.PersonalAccessTokens;
import dev.userinfo.auth.user.UserDirectory;
import io.quarkus.arc.Arc;
import java.time.Duration;
import java.util.List;

/** Operators, auditors and their credentials (issue #18), made through the real services: real signed tokens. */
public final class Operators {

    private Operators() {
    }

    /** A new user with this platform role ("operator", "auditor" or null), set as the admin API sets it. */
    public static Fixtures.TestUser withRole(String prefix, String role) {
        Fixtures.TestUser user = Fixtures.user(prefix);
        if (role != null) {
            UserDirectory users = Arc.container().instance(UserDirectory.class).get();
            Fixtures.await(() -> users.setPlatformRole(null, user.id(), role));
        }
        return user;
    }

    /** The console token OperatorTokens mints for this user; null when the user may hold none. */
    public static String consoleToken(long userId) {
        OperatorTokens tokens = Arc.container().instance(OperatorTokens.class).get();
        return Fixtures.await(() -> tokens.mint(userId)).map(t -> t.value()).orElse(null);
    }

    /** A personal access token made as the tokens page makes it, with these scopes. */
    public static String personalToken(long userId, List<String> scopes) {
        PersonalAccessTokens tokens = Arc.container().instance(PersonalAccessTokens.class).get();
        return Fixtures.await(() -> tokens.create(userId, Fixtures.unique("pat"), scopes, Duration.ofDays(1))).token();
    }

    /**
     * Waits for the next whole second: a role change revokes the user's tokens issued up to its instant, compared with
     * iat in seconds, so a token minted directly (not through OperatorTokens, which waits itself) in that second is born revoked.
     */
    public static void nextSecond() {
        try {
            Thread.sleep(1010 - System.currentTimeMillis() % 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
