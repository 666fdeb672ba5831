package dev.userinfo.info.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An app as this service knows it.
 *
 * @param appId           seed 004's numeric {@code appid}
 * @param clientId        the {@code client_id} its tokens carry (seed 002's {@code X-App-Id})
 * @param directoryAccess whether an operator let it read users other than its token's own (seed 002); default no
 */
@RegisterForReflection
public record App(@JsonProperty("app_id") long appId, @JsonProperty("client_id") String clientId,
                  @JsonProperty("directory_access") boolean directoryAccess) {
}
