package dev.userinfo.auth.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What the admin sends to register an app. Absent {@code client_id}: one is generated. */
public record AppRegistration(
        String name,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_type") String clientType,
        @JsonProperty("redirect_uris") List<String> redirectUris,
        List<String> scopes,
        String description,
        @JsonProperty("logo_url") String logoUrl,
        Boolean enabled) {

    /** A registration without the consent-page details, enabled. */
    public AppRegistration(String name, String clientId, String clientType, List<String> redirectUris, List<String> scopes) {
        this(name, clientId, clientType, redirectUris, scopes, null, null, null);
    }
}
