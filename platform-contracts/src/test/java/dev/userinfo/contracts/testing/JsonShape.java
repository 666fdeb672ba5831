package dev.userinfo.contracts.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares a response with a seed's example response field by field: the same keys in the same order, the same JSON
 * type for every value (integral and fractional numbers apart, {@code null} only where the example has null), arrays'
 * elements against the example's first element, and the named envelope values equal.
 */
public final class JsonShape {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonShape() {
    }

    /**
     * Throws {@link AssertionError} listing every difference.
     *
     * @param sameValues JSON pointers (e.g. {@code /code}) whose values must equal the example's
     */
    public static void assertMatches(String example, String actual, String... sameValues) {
        List<String> problems = differences(parse(example), parse(actual), sameValues);
        if (!problems.isEmpty()) {
            throw new AssertionError("Response differs from the seed's example:\n  " + String.join("\n  ", problems)
                    + "\nexample: " + example + "\nactual:  " + actual);
        }
    }

    /** Every difference between the example and the actual body; empty when the shape matches. */
    public static List<String> differences(JsonNode example, JsonNode actual, String... sameValues) {
        List<String> problems = new ArrayList<>();
        compare("", example, actual, problems);
        for (String pointer : sameValues) {
            JsonNode expected = example.at(pointer);
            JsonNode got = actual.at(pointer);
            if (expected.isMissingNode() || !expected.equals(got)) {
                problems.add(pointer + ": expected value " + expected + ", got " + got);
            }
        }
        return problems;
    }

    private static void compare(String path, JsonNode example, JsonNode actual, List<String> problems) {
        String where = path.isEmpty() ? "/" : path;
        if (!type(example).equals(type(actual))) {
            problems.add(where + ": expected " + type(example) + ", got " + type(actual));
            return;
        }
        if (example.isObject()) {
            List<String> expectedKeys = keys(example);
            List<String> actualKeys = keys(actual);
            if (!expectedKeys.equals(actualKeys)) {
                problems.add(where + ": expected keys " + expectedKeys + ", got " + actualKeys);
            }
            for (String key : expectedKeys) {
                if (actual.has(key)) {
                    compare(path + "/" + key, example.get(key), actual.get(key), problems);
                }
            }
        } else if (example.isArray() && !example.isEmpty()) {
            if (actual.isEmpty()) {
                problems.add(where + ": expected at least one element like the example's, got an empty array");
            }
            for (int i = 0; i < actual.size(); i++) {
                compare(path + "/" + i, example.get(0), actual.get(i), problems);
            }
        }
    }

    /** The JSON type, with integers told apart from fractional numbers (seed schemas say integer). */
    static String type(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            return "number";
        }
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case OBJECT -> "object";
            case ARRAY -> "array";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }
}
