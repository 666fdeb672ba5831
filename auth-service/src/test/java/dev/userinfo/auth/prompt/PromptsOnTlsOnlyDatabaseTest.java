package dev.userinfo.auth.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.contracts.testing.TlsOnlyPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Typed;
import org.junit.jupiter.api.Test;

/**
 * Every seed 000 prompt test again, with auth-service on a PostgreSQL that accepts only TLS (issue #16 item 2): a
 * prompt reaches an open page only through this pod's LISTEN connection (PromptChannel), so each test that sees one
 * shows that connection was opened with the datasource's TLS settings.
 */
@QuarkusTest
@WithTestResource(TlsOnlyPostgres.class)
// Test classes are beans: without this, looking up the parent class would find this one too (ambiguous).
@Typed(PromptsOnTlsOnlyDatabaseTest.class)
class PromptsOnTlsOnlyDatabaseTest extends AuthorizationPromptTest {

    @Test
    void theListenConnectionIsEncrypted() {
        assertEquals(1, Fixtures.count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid "
                + "WHERE a.query LIKE 'LISTEN %' AND s.ssl"));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid "
                + "WHERE a.backend_type = 'client backend' AND NOT s.ssl"));
    }
}
