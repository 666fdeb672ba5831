package dev.userinfo.contracts.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The copies in docs/contracts/seeds/ are the seed documents' own examples: each is compared with the example printed
 * in the seed (../shared/seeds beside the checkout, as in CI). Without the seeds beside it the test is skipped.
 */
class SeedExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonExamplesAreTheSeedsOwn() throws IOException {
        assertSameJson(SeedExamples.VVCHAT_TOKEN_200, jsonAfter(seed("001"), "正确的返回："));
        assertSameJson(SeedExamples.VVCHAT_TOKEN_400, jsonAfter(seed("001"), "错误返回样例"));
        assertSameJson(SeedExamples.USER_INFO_200, jsonAfter(seed("002"), "正确时返回:"));
        assertSameJson(SeedExamples.USER_INFO_ERROR, jsonAfter(seed("002"), "错误时返回:"));
        assertSameJson(SeedExamples.PROFILE_200, jsonAfter(seed("004"), "成功响应示例"));
        assertSameJson(SeedExamples.PROFILE_401, jsonAfter(seed("004"), "错误响应示例"));
    }

    @Test
    void seedZeroExampleIsTheYamlExample() throws IOException {
        String yaml = seed("000");
        JsonNode copy = JSON.readTree(SeedExamples.read(SeedExamples.ACCOUNT_INFO_200));
        assertEquals(List.of("msg", "result", "status"), keys(copy));
        assertEquals(List.of("avatar", "username"), keys(copy.get("result")));
        assertTrue(yaml.contains("msg: ''"), "msg");
        assertTrue(yaml.contains("status: ok"), "status");
        assertTrue(yaml.contains("username: " + copy.at("/result/username").asText()), "username");
        assertTrue(yaml.replaceAll("\\s+", "").contains("avatar:>-" + copy.at("/result/avatar").asText()), "avatar");
    }

    @Test
    void seedThreeExampleFollowsTheSchema() throws IOException {
        List<String> lines = seed("003").lines().toList();
        List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("x-apifox-orders:")) {
                List<String> order = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && lines.get(j).trim().startsWith("- "); j++) {
                    order.add(lines.get(j).trim().substring(2));
                }
                orders.add(order);
            }
        }
        JsonNode copy = JSON.readTree(SeedExamples.read(SeedExamples.USER_SELF_200));
        assertEquals(orders.get(0), keys(copy.get("data")));
        assertEquals(orders.get(1), keys(copy));
        for (String field : keys(copy.get("data"))) {
            assertEquals(schemaType(lines, field), JsonShape.type(copy.get("data").get(field)), field);
        }
    }

    /** The {@code type:} on the line after {@code field:} in the data object's properties. */
    private static String schemaType(List<String> lines, String field) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).trim().equals(field + ":") && lines.get(i + 1).trim().startsWith("type:")) {
                return lines.get(i + 1).trim().substring(5).trim().replace("'", "");
            }
        }
        throw new AssertionError("no type for " + field);
    }

    private static void assertSameJson(String copyName, String printed) throws IOException {
        String copy = SeedExamples.read(copyName);
        assertEquals(JSON.readTree(printed), JSON.readTree(copy), copyName);
        JsonShape.assertMatches(printed, copy); // the same order too
    }

    /** The first balanced JSON object after {@code marker} in the seed's text. */
    static String jsonAfter(String text, String marker) {
        int start = text.indexOf('{', text.indexOf(marker));
        assertTrue(text.contains(marker) && start > 0, marker);
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced JSON after " + marker);
    }

    private static String seed(String number) throws IOException {
        Path seeds = Path.of(System.getProperty("platform.root", ".."), "..", "shared", "seeds");
        assumeTrue(Files.isDirectory(seeds), "the seed documents are not beside the checkout");
        try (Stream<Path> files = Files.list(seeds)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(number + "_")).findFirst()
                    .orElseThrow(() -> new AssertionError("seed " + number + " missing"));
            return Files.readString(file);
        }
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }
}
