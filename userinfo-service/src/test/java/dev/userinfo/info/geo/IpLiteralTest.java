package dev.userinfo.info.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What counts as a last login address, and which addresses can have a country. */
class IpLiteralTest {

    @Test
    void ipv4AndIpv6LiteralsAreAddresses() {
        assertTrue(IpLiteral.parse("192.0.2.1").isPresent());
        assertTrue(IpLiteral.parse("::1").isPresent());
        assertTrue(IpLiteral.parse("2001:db8::ff00:42:8329").isPresent());
        assertEquals("192.0.2.1", IpLiteral.parse("::ffff:192.0.2.1").orElseThrow().getHostAddress());
    }

    @Test
    void hostNamesRangesAndMalformedTextAreNot() {
        for (String text : new String[]{"localhost", "192.0.2.1/24", "1.2.3", "1.2.3.256", "1:2:3:4:5:6:7:8:9", "",
                "1".repeat(46), "fe80::1%eth0", "203.0.113.7:443"}) {
            assertFalse(IpLiteral.parse(text).isPresent(), text);
        }
        assertFalse(IpLiteral.parse(null).isPresent());
    }

    @Test
    void specialPurposeBlocksAreNotPublic() {
        for (String text : new String[]{"10.1.2.3", "172.31.255.255", "192.168.0.1", "127.0.0.1", "100.127.0.1",
                "198.18.0.1", "240.0.0.1", "255.255.255.255", "::", "::1", "fc00::1", "fdff::1", "fe80::1", "ff05::2",
                "2001:db8::1"}) {
            assertFalse(IpLiteral.publicAddress(IpLiteral.parse(text).orElseThrow()), text);
        }
        for (String text : new String[]{"1.1.1.1", "172.32.0.1", "100.128.0.1", "11.0.0.1", "2001:4860::1", "2400:cb00::1"}) {
            assertTrue(IpLiteral.publicAddress(IpLiteral.parse(text).orElseThrow()), text);
        }
    }
}
