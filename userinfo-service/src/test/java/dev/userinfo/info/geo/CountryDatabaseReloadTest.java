package dev.userinfo.info.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.info.profile.UserDirectory;
import dev.userinfo.jwt.testing.JwksTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's refresh path: the database file is replaced while the service runs; the service notices it,
 * swaps the reader and drops the cached locations, without a restart; a broken replacement keeps the previous one.
 */
@QuarkusTest
@TestProfile(CountryDatabaseReloadTest.ReplaceableDatabase.class)
@QuarkusTestResource(JwksTestResource.class)
class CountryDatabaseReloadTest extends SeedFourLocation {

    static final Path DATABASE;

    static {
        try {
            // a fixed path: the class is initialised by JUnit and again by Quarkus, and both must mean the same file
            DATABASE = Files.createDirectories(Path.of("target/geo-reload-test")).resolve("country.mmdb");
            TinyCountryDatabase.replace(DATABASE, Map.of("1.1.1.0/24", "AU"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class ReplaceableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("userinfo.geo.database", DATABASE.toString(), "userinfo.geo.refresh-interval", "100ms");
        }
    }

    @Inject
    UserDirectory directory;

    private void awaitLocation(String expected, long app, long user) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!expected.equals(location(app, user)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, location(app, user));
    }

    @Test
    void aReplacedFileIsUsedWithoutRestartAndCachedLocationsAreDropped() throws Exception {
        assertTrue(directory.listening(), "the user cache is in use");
        long app = registerApp();
        long user = newUserId();
        deliver(userEvent(1, user, 1, "2026-12-04T08:00:00Z", "1.1.1.1")).statusCode(200);
        assertEquals("AU", location(app, user));
        // cached: a write that announces nothing is not seen, so only the swap's own invalidation can change the answer
        sql("UPDATE profile SET last_login_ip = '1.1.1.2' WHERE user_id = $1", user);

        TinyCountryDatabase.replace(DATABASE, Map.of("1.1.1.0/24", "JP"));
        awaitLocation("JP", app, user);

        Path broken = DATABASE.resolveSibling("broken.tmp");
        Files.writeString(broken, "not a MaxMind database");
        Files.move(broken, DATABASE, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(500);
        assertEquals("JP", location(app, user), "a broken replacement keeps the previous database");

        TinyCountryDatabase.replace(DATABASE, Map.of("1.1.1.0/24", "NZ"));
        awaitLocation("NZ", app, user);
    }
}
