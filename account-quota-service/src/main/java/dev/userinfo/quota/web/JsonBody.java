package dev.userinfo.quota.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.Optional;

/**
 * Strict reading of a JSON request body: content type, size, one object, no repeated keys, and typed fields
 * with a clear {@link ApiError} 400 for each way a field can be wrong.
 */
public final class JsonBody {

    private static final ObjectReader READER = new ObjectMapper().reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    public static JsonBody parse(String contentType, String body, int maxBytes) {
        if (contentType == null || !contentType.toLowerCase().replace(" ", "").matches("application/json(;.*)?")) {
            throw new ApiError(415, "unsupported_media_type", "Content-Type must be application/json");
        }
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("the request body is empty; a JSON object is required");
        }
        if (body.length() > maxBytes) {
            throw new ApiError(413, "request_too_large", "the request body is larger than " + maxBytes + " bytes");
        }
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON (or repeats a key)");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("the request body must be a JSON object");
        }
        return new JsonBody(root);
    }

    public JsonNode root() {
        return root;
    }

    /** A required JSON integer in [min, max]: no fraction, no exponent, no string. */
    public long integer(String name, long min, long max) {
        return optionalInteger(name, min, max)
                .orElseThrow(() -> ApiError.badRequest(name + " is required"));
    }

    public Optional<Long> optionalInteger(String name, long min, long max) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            throw ApiError.badRequest(name + " must be an integer");
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw ApiError.badRequest(name + " must be between " + min + " and " + max);
        }
        return Optional.of(node.longValue());
    }

    /** A required string of 1..maxLength characters without control characters. */
    public String text(String name, int maxLength) {
        return optionalText(name, maxLength).filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiError.badRequest(name + " is required"));
    }

    public Optional<String> optionalText(String name, int maxLength) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest(name + " must be a string");
        }
        String value = node.textValue();
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw ApiError.badRequest(name + " must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl) || !validSurrogates(value)) {
            throw ApiError.badRequest(name + " must not contain control characters");
        }
        return Optional.of(value);
    }

    private static boolean validSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
