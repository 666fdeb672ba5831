package dev.userinfo.auth.app;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** An app as the admin API shows it; {@code client_secret} only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record AppView(
        long appid,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_secret") String clientSecret,
        String name,
        @JsonProperty("client_type") String clientType,
        @JsonProperty("redirect_uris") List<String> redirectUris,
        List<String> scopes,
        boolean enabled,
        @JsonProperty("prompt_first_party") boolean promptFirstParty,
        String description,
        @JsonProperty("logo_url") String logoUrl,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("owner_user_id") Long ownerUserId,
        @JsonProperty("requested_scopes") List<String> requestedScopes) {

    static AppView of(App app, String secretShownOnce) {
        return new AppView(app.appid, app.clientId, secretShownOnce, app.name, app.clientType,
                List.of(app.redirectUris), List.of(app.allowedScopes), app.enabled, app.promptFirstParty, app.description, app.logoUrl,
                app.createdAt, app.updatedAt, app.ownerUserId, List.of(app.requestedScopes));
    }
}
