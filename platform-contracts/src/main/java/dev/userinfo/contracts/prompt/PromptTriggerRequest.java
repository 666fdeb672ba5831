package dev.userinfo.contracts.prompt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /internal/prompts}: userinfo-service asks auth-service to open an authorization request for seed 000's
 * tokenless call (docs/internal-contracts.md §4). Absent fields are left out of the JSON.
 *
 * @param userId the seed's {@code user_id}, a decimal string, or null (nobody is prompted); sent only with a proof
 * @param proof how the app proved itself: {@link #CLIENT_TOKEN}, {@link #CLIENT_SECRET} or null
 * @param clientSecret the app's HTTP Basic secret as the app sent it, only with {@code proof} {@link #CLIENT_SECRET}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromptTriggerRequest(@JsonProperty("client_id") String clientId,
                                   @JsonProperty("redirect_uri") String redirectUri,
                                   String scope,
                                   @JsonProperty("user_id") String userId,
                                   String proof,
                                   @JsonProperty("client_secret") String clientSecret) {

    /** The app's own client_credentials token, verified by the trigger client. */
    public static final String CLIENT_TOKEN = "client_token";
    /** The app's client secret, compared by auth-service in constant time. */
    public static final String CLIENT_SECRET = "client_secret";

    static final int MAX_FIELD = 2048;

    /** The app's secret never reaches a log line. */
    @Override
    public String toString() {
        return "PromptTriggerRequest[client_id=" + clientId + ", redirect_uri=" + redirectUri + ", scope=" + scope
                + ", user_id=" + userId + ", proof=" + proof + (clientSecret == null ? "" : ", client_secret=***") + "]";
    }

    /** {@code user_id} as a number, or null when absent. */
    public Long userIdNumber() {
        return userId == null ? null : Long.parseLong(userId);
    }

    /**
     * Reads a request body; {@link IllegalArgumentException} with a message fit for {@code error_description} when it
     * is not the contract's shape (auth-service answers 400 {@code invalid_request}).
     */
    public static PromptTriggerRequest read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        String userId = text(root, "user_id", false);
        if (userId != null && (userId.isEmpty() || userId.length() > 19 || !userId.chars().allMatch(c -> c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("user_id must be a decimal number");
        }
        try {
            if (userId != null) {
                Long.parseLong(userId);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("user_id must be a decimal number");
        }
        String secret = text(root, "client_secret", false);
        String proof = text(root, "proof", false);
        if (proof != null && !proof.equals(CLIENT_TOKEN) && !(proof.equals(CLIENT_SECRET) && secret != null)) {
            throw new IllegalArgumentException("proof must be client_token, or client_secret with a client_secret");
        }
        if (secret != null && !CLIENT_SECRET.equals(proof)) {
            throw new IllegalArgumentException("client_secret goes with proof client_secret");
        }
        return new PromptTriggerRequest(text(root, "client_id", true), text(root, "redirect_uri", true),
                text(root, "scope", true), userId, proof, secret);
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!node.isTextual() || node.textValue().length() > MAX_FIELD) {
            throw new IllegalArgumentException(field + " must be a string of at most " + MAX_FIELD + " characters");
        }
        return node.textValue();
    }
}
