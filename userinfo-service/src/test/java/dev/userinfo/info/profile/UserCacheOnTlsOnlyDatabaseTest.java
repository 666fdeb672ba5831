package dev.userinfo.info.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.contracts.testing.TlsOnlyPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Typed;
import org.junit.jupiter.api.Test;

/**
 * The user cache tests again, with userinfo-service on a PostgreSQL that accepts only TLS (issue #16 item 2): the
 * cache is used only while ChangeFeed listens, and another pod's commit reaches it only through that LISTEN
 * connection, so these pass only if it was opened with the datasource's TLS settings.
 */
@QuarkusTest
@WithTestResource(TlsOnlyPostgres.class)
// Test classes are beans: without this, looking up the parent class would find this one too (ambiguous).
@Typed(UserCacheOnTlsOnlyDatabaseTest.class)
class UserCacheOnTlsOnlyDatabaseTest extends UserCacheTest {

    @Test
    void theListenConnectionIsEncrypted() {
        assertEquals(1, count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid "
                + "WHERE a.query LIKE 'LISTEN %' AND s.ssl"));
        assertEquals(0, count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid "
                + "WHERE a.backend_type = 'client backend' AND NOT s.ssl"));
    }
}
