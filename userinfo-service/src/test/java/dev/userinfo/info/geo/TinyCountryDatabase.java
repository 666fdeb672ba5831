package dev.userinfo.info.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small IPv4 MaxMind DB (format 2.0, 24-bit records) mapping a few networks to {@code {"country_code": …}},
 * the shape of the shipped ip-location-db database. No MaxMind DB writer for Java is on Maven Central, and the format
 * is small enough (a binary trie, a data section, a metadata map) to write here for tests.
 */
public final class TinyCountryDatabase {

    private TinyCountryDatabase() {
    }

    /** Writes the database to a temporary file and moves it over {@code target} at once, as an operator should. */
    public static void replace(Path target, Map<String, String> countries) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "country", ".mmdb.tmp");
        Files.write(temp, bytes(countries));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code countries}: IPv4 network ("1.1.1.0/24") to country code. */
    public static byte[] bytes(Map<String, String> countries) {
        List<int[]> nodes = new ArrayList<>();
        nodes.add(new int[]{-1, -1});
        Map<String, Integer> dataOffsets = new LinkedHashMap<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Object[]> leaves = new ArrayList<>();
        for (Map.Entry<String, String> network : countries.entrySet()) {
            String[] parts = network.getKey().split("/");
            byte[] address = IpLiteral.parse(parts[0]).orElseThrow().getAddress();
            int bits = Integer.parseInt(parts[1]);
            int node = 0;
            for (int bit = 0; bit < bits - 1; bit++) {
                int side = bit(address, bit);
                if (nodes.get(node)[side] < 0) {
                    nodes.add(new int[]{-1, -1});
                    nodes.get(node)[side] = nodes.size() - 1;
                }
                node = nodes.get(node)[side];
            }
            String country = network.getValue();
            dataOffsets.computeIfAbsent(country, c -> {
                int offset = data.size();
                data.writeBytes(map(Map.of("country_code", string(c))));
                return offset;
            });
            leaves.add(new Object[]{node, bit(address, bits - 1), country});
        }
        int nodeCount = nodes.size();
        for (Object[] leaf : leaves) {
            nodes.get((int) leaf[0])[(int) leaf[1]] = -2 - dataOffsets.get((String) leaf[2]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] node : nodes) {
            for (int record : node) {
                // a node index, node_count for "no data", or node_count + 16 + the data offset (MaxMind DB spec)
                int value = record >= 0 ? record : record == -1 ? nodeCount : nodeCount + 16 + (-2 - record);
                out.write(value >>> 16);
                out.write(value >>> 8);
                out.write(value);
            }
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(new byte[]{(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, byte[]> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", unsigned(5, 2));
        metadata.put("binary_format_minor_version", unsigned(5, 0));
        metadata.put("build_epoch", uint64(1_780_000_000L));
        metadata.put("database_type", string("tiny-country"));
        metadata.put("description", map(Map.of()));
        metadata.put("ip_version", unsigned(5, 4));
        metadata.put("languages", new byte[]{0, 4});
        metadata.put("node_count", unsigned(6, nodeCount));
        metadata.put("record_size", unsigned(5, 24));
        out.writeBytes(map(metadata));
        return out.toByteArray();
    }

    private static int bit(byte[] address, int bit) {
        return (address[bit / 8] >>> (7 - bit % 8)) & 1;
    }

    private static byte[] string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2 << 5 | utf8.length);
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    /** type 5 (uint16) or 6 (uint32), big-endian in as few bytes as the value needs. */
    private static byte[] unsigned(int type, long value) {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        for (int shift = 24; shift >= 0; shift -= 8) {
            if (value >>> shift != 0 || digits.size() > 0) {
                digits.write((int) (value >>> shift));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type << 5 | digits.size());
        out.writeBytes(digits.toByteArray());
        return out.toByteArray();
    }

    private static byte[] uint64(long value) {
        byte[] small = unsigned(6, value);
        // extended type 9 (uint64): type bits 0, the size, then 9 - 7 in the next byte
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(small[0] & 0x1f);
        out.write(2);
        out.write(small, 1, small.length - 1);
        return out.toByteArray();
    }

    private static byte[] map(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(7 << 5 | entries.size());
        entries.forEach((key, value) -> {
            out.writeBytes(string(key));
            out.writeBytes(value);
        });
        return out.toByteArray();
    }
}
