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
        Boolean enabled,
        @JsonProperty("prompt_first_party") Boolean promptFirstParty) {

    /** A registration without the consent-page details, enabled, not first-party. */
    public AppRegistration(String name, String clientId, String clientType, List<String> redirectUris, List<String> scopes) {
        this(name, clientId, clientType, redirectUris, scopes, null, null, null, null);
    }

    /** Without the operator's first-party mark (absent: false, or unchanged on a PATCH). */
    public AppRegistration(String name, String clientId, String clientType, List<String> redirectUris, List<String> scopes,
                           String description, String logoUrl, Boolean enabled) {
        this(name, clientId, clientType, redirectUris, scopes, description, logoUrl, enabled, null);
    }
}
