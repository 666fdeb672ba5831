package dev.userinfo.info.geo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** An IP address as written (last_login_ip): IPv4 dotted quad or IPv6, never a host name, so no DNS lookup happens. */
public final class IpLiteral {

    // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is the longest textual IPv6 address (RFC 4291 §2.2).
    private static final int MAX_LENGTH = 45;

    private IpLiteral() {
    }

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern OCTET = Pattern.compile("\\d{1,3}");

    /** The address, or empty when the text is not an IPv4 or IPv6 literal that PostgreSQL's inet also accepts. */
    public static Optional<InetAddress> parse(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !LITERAL.matcher(value).matches()) {
            return Optional.empty();
        }
        if (!value.contains(":")) {
            // dotted quad only: InetAddress would also take the legacy "1.2.3" forms PostgreSQL refuses
            String[] parts = value.split("\\.", -1);
            if (parts.length != 4 || !Arrays.stream(parts).allMatch(p -> OCTET.matcher(p).matches() && Integer.parseInt(p) <= 255)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(InetAddress.getByName(value));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the address can belong to a country: not in a special-purpose block of the IANA registries (RFC 6890:
     * private, loopback, link-local, shared, documentation, benchmarking, multicast, reserved). A database may still
     * not know it; and some databases (the shipped one among them) wrongly place special blocks in a country.
     */
    public static boolean publicAddress(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block block : SPECIAL) {
            if (block.contains(bytes)) {
                return false;
            }
        }
        return true;
    }

    private record Block(byte[] prefix, int bits) {

        static Block of(String cidr) {
            String[] parts = cidr.split("/");
            return new Block(parse(parts[0]).orElseThrow().getAddress(), Integer.parseInt(parts[1]));
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    // IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890), plus multicast (RFC 5771, RFC 4291 §2.7).
    private static final List<Block> SPECIAL = Stream.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/127", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8"
    ).map(Block::of).toList();
}
