package dev.userinfo.info.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.info.geo.IpCountryDatabase.Range;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing a DB-IP "IP to Country Lite" CSV ({@code start,end,country}) before anything reaches the database. */
class IpCountryDatabaseTest {

    @TempDir
    Path dir;

    private List<Range> parse(String csv) throws IOException {
        Path file = dir.resolve("ranges.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return IpCountryDatabase.parse(file);
    }

    private void refusedAtLine(int line, String csv) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(csv));
        assertTrue(e.getMessage().startsWith("line " + line + ":"), e.getMessage());
    }

    @Test
    void parseWhenIpv4AndIpv6RangesThenEachWithItsCountry() throws IOException {
        assertEquals(List.of(new Range("1.0.0.0", "1.0.0.255", "AU"), new Range("2001:200::", "2001:200:ffff::", "JP")),
                parse("1.0.0.0,1.0.0.255,AU\n2001:200::,2001:200:ffff::,JP\n"));
    }

    @Test
    void parseWhenFieldsAreQuotedOrPaddedThenUnquotedAndTrimmed() throws IOException {
        assertEquals(List.of(new Range("1.0.0.0", "1.0.0.255", "AU")), parse("\"1.0.0.0\", \"1.0.0.255\" ,\"AU\""));
    }

    @Test
    void parseWhenTheCountryIsLowerCaseThenUpperCased() throws IOException {
        assertEquals("CN", parse("1.0.1.0,1.0.3.255,cn").get(0).country());
    }

    @Test
    void parseWhenBlankLinesCommentsOrCrLfThenSkippedOrStripped() throws IOException {
        assertEquals(List.of(new Range("1.0.0.0", "1.0.0.255", "AU")), parse("# DB-IP lite\r\n\r\n   \r\n1.0.0.0,1.0.0.255,AU\r\n"));
    }

    @Test
    void parseWhenExtraColumnsThenTheFirstThreeCount() throws IOException {
        assertEquals(List.of(new Range("1.0.0.0", "1.0.0.255", "AU")), parse("1.0.0.0,1.0.0.255,AU,Oceania"));
    }

    @Test
    void parseWhenEmptyThenNoRanges() throws IOException {
        assertTrue(parse("").isEmpty());
    }

    @Test
    void parseWhenALineHasFewerThanThreeFieldsThenRefusedNamingTheLine() {
        refusedAtLine(2, "1.0.0.0,1.0.0.255,AU\n1.0.0.0,1.0.0.255\n");
    }

    @Test
    void parseWhenAnAddressIsAHostNameOrMalformedThenRefusedNamingTheLine() {
        refusedAtLine(1, "localhost,1.0.0.255,AU");
        refusedAtLine(1, "1.0.0.0,example.com,AU");
        refusedAtLine(1, "1.0.0.0,1:2:3:4:5:6:7:8:9,AU");
        refusedAtLine(1, "1.0.0.0/8,1.0.0.255,AU");
        refusedAtLine(1, ",1.0.0.255,AU");
    }

    @Test
    void parseWhenTheCountryIsNotTwoLettersThenRefusedNamingTheLine() {
        refusedAtLine(3, "1.0.0.0,1.0.0.255,AU\n# x\n1.0.1.0,1.0.1.255,AUS\n");
        refusedAtLine(1, "1.0.0.0,1.0.0.255,\"\"");
        refusedAtLine(1, "1.0.0.0,1.0.0.255,A1");
    }

    @Test
    void parseWhenTheFileIsMissingThenUncheckedIoError() {
        assertThrows(UncheckedIOException.class, () -> IpCountryDatabase.parse(dir.resolve("absent.csv")));
    }

    @Test
    void literalWhenIpv4OrIpv6ThenTrue() {
        assertTrue(IpCountryDatabase.literal("192.0.2.1"));
        assertTrue(IpCountryDatabase.literal("::1"));
        assertTrue(IpCountryDatabase.literal("2001:db8::ff00:42:8329"));
        assertTrue(IpCountryDatabase.literal("::ffff:192.0.2.1"));
    }

    @Test
    void literalWhenAHostNameThenFalseWithoutALookup() {
        // A value with any character outside hex digits, ":" and "." never reaches InetAddress.
        assertFalse(IpCountryDatabase.literal("localhost"));
        assertFalse(IpCountryDatabase.literal("192.0.2.1/24"));
        assertFalse(IpCountryDatabase.literal("1:2:3:4:5:6:7:8:9"));
        assertFalse(IpCountryDatabase.literal(""));
        assertFalse(IpCountryDatabase.literal("1".repeat(46)));
    }
}
