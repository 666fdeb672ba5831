package dev.userinfo.contracts.prompt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * auth-service's 200 answer to {@link PromptTriggerRequest} (docs/internal-contracts.md §4). A proven call's carries
 * every field; an unproven call's only {@code authorize_url} (no state), {@code prompted} false, {@code proven} false.
 * Absent fields are left out of the JSON.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromptTriggerAnswer(@JsonProperty("request_id") String requestId,
                                  @JsonProperty("authorize_url") String authorizeUrl,
                                  Boolean prompted,
                                  @JsonProperty("expires_in") Long expiresIn,
                                  Boolean proven) {

    /**
     * Reads an answer's JSON object as the caller must: a field of the wrong JSON type counts as absent, so nothing
     * the contract does not promise is taken for a value.
     */
    public static PromptTriggerAnswer read(Map<String, ?> json) {
        if (json == null) {
            return null;
        }
        return new PromptTriggerAnswer(json.get("request_id") instanceof String id && !id.isEmpty() ? id : null,
                json.get("authorize_url") instanceof String url && !url.isEmpty() ? url : null,
                json.get("prompted") instanceof Boolean prompted ? prompted : null,
                json.get("expires_in") instanceof Number seconds ? Long.valueOf(seconds.longValue()) : null,
                json.get("proven") instanceof Boolean proven ? proven : null);
    }
}
