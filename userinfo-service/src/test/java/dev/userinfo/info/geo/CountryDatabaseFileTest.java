package dev.userinfo.info.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.info.geo.CountryDatabaseFile.Refresh;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MaxMind reader on the database the build ships, and the swap of a replaced file (seed 004's location). */
class CountryDatabaseFileTest {

    /** Where the build put the npm package's database (userinfo-service/pom.xml, execution geoip-database). */
    static final Path SHIPPED = Path.of("target/geoip/geo-whois-asn-country.mmdb");

    private static InetAddress ip(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }

    @Test
    void theShippedDatabaseKnowsWellKnownPublicAddresses() {
        assertTrue(Files.isRegularFile(SHIPPED), "the build fetched " + SHIPPED);
        CountryDatabaseFile file = new CountryDatabaseFile(SHIPPED);
        assertEquals(Refresh.LOADED, file.refresh());
        assertEquals("AU", file.country(ip("1.1.1.1")));        // APNIC's research prefix, announced by Cloudflare
        assertEquals("US", file.country(ip("8.8.8.8")));
        assertEquals("NL", file.country(ip("193.0.6.139")));    // RIPE NCC
        assertEquals("JP", file.country(ip("133.11.0.1")));     // the University of Tokyo
        assertEquals("US", file.country(ip("2001:4860:4860::8888")));
        assertEquals("DE", file.country(ip("2a01:4f8::1")));
        assertEquals("CN", file.country(ip("240e::1")));
    }

    @Test
    void privateLoopbackAndDocumentationAddressesHaveNoCountry() {
        CountryDatabaseFile file = new CountryDatabaseFile(SHIPPED);
        file.refresh();
        // the shipped file wrongly places some of these in AU and JP: special-purpose blocks are never looked up
        for (String address : new String[]{"127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                "169.254.1.1", "203.0.113.7", "198.51.100.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fd00::1",
                "fe80::1", "2001:db8::1", "ff02::1"}) {
            assertEquals("", file.country(ip(address)), address);
        }
    }

    @Test
    void aReplacedFileIsSwappedInAndABrokenOneKeepsThePrevious(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("country.mmdb");
        CountryDatabaseFile file = new CountryDatabaseFile(path);
        assertEquals(Refresh.MISSING, file.refresh());
        assertEquals("", file.country(ip("1.1.1.1")));

        TinyCountryDatabase.replace(path, Map.of("1.1.1.0/24", "AU", "8.8.8.0/24", "US"));
        assertEquals(Refresh.LOADED, file.refresh());
        assertEquals("AU", file.country(ip("1.1.1.1")));
        assertEquals("", file.country(ip("9.9.9.9")), "not in this database");
        assertEquals("", file.country(ip("2001:4860:4860::8888")), "an IPv6 address in an IPv4-only database");
        assertEquals(Refresh.UNCHANGED, file.refresh());

        TinyCountryDatabase.replace(path, Map.of("1.1.1.0/24", "JP"));
        assertEquals(Refresh.LOADED, file.refresh());
        assertEquals("JP", file.country(ip("1.1.1.1")));
        assertEquals("", file.country(ip("8.8.8.8")));

        // a truncated copy of the real database: no metadata, not readable
        byte[] shipped = Files.readAllBytes(SHIPPED);
        Path broken = dir.resolve("broken.tmp");
        Files.write(broken, Arrays.copyOf(shipped, shipped.length / 2));
        Files.move(broken, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(Refresh.KEPT_PREVIOUS, file.refresh());
        assertEquals("JP", file.country(ip("1.1.1.1")));
        assertEquals(Refresh.UNCHANGED, file.refresh(), "a broken file is tried once, until it changes again");

        Files.delete(path);
        assertEquals(Refresh.MISSING, file.refresh());
        assertEquals("JP", file.country(ip("1.1.1.1")), "a file that disappears keeps the previous database");

        Files.copy(SHIPPED, path);
        assertEquals(Refresh.LOADED, file.refresh());
        assertEquals("AU", file.country(ip("1.1.1.1")));
        assertEquals("US", file.country(ip("8.8.8.8")));
    }

    @Test
    void aFileThatIsNoDatabaseLoadsNothing(@TempDir Path dir) throws IOException {
        Path path = Files.writeString(dir.resolve("country.mmdb"), "1.1.1.0,1.1.1.255,AU\n");
        CountryDatabaseFile file = new CountryDatabaseFile(path);
        assertEquals(Refresh.KEPT_PREVIOUS, file.refresh());
        assertFalse(file.loaded());
        assertEquals("", file.country(ip("1.1.1.1")));
    }
}
