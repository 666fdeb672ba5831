package dev.userinfo.auth.operatoridentity;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.revocation.Revocations;
import dev.userinfo.auth.token.AccessTokenIssuer;
import dev.userinfo.auth.token.ResourceIndicators;
import dev.userinfo.auth.user.User;
import dev.userinfo.contracts.clients.WellKnownClients;
import io.quarkus.arc.Unremovable;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The operator console's token (issue #18, "Console token"): the signed-in operator's own access token, {@code sub} the
 * user, {@code client_id} platform-console, {@code scope} the admin scopes the user's platform role allows now,
 * {@code aud} every resource server plus this server's issuer (its admin guard wants itself named, RFC 9068 §4),
 * living at most {@link #LIFETIME}. Minted for the console's calls, never stored.
 */
@ApplicationScoped
@Unremovable   // called by the operator console (issue #18) and looked up by tests, not injected here
public class OperatorTokens {

    /** Short: a console token is for the admin calls of one page (issue #18: at most 5 minutes). */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private final AccessTokenIssuer issuer;
    private final ResourceIndicators resources;
    private final Revocations revocations;
    private final String issuerUrl;

    public OperatorTokens(AccessTokenIssuer issuer, ResourceIndicators resources, Revocations revocations, AuthConfig config) {
        this.issuer = issuer;
        this.resources = resources;
        this.revocations = revocations;
        this.issuerUrl = config.issuer();
    }

    /** The token of user {@code userId}, or empty when the user is not an active operator or auditor. */
    public Uni<Optional<AccessTokenIssuer.IssuedToken>> mint(long userId) {
        return Panache.withSession(() -> User.<User>findById(userId)).chain(user -> {
            if (user == null || user.adminScopes().isEmpty()) {
                return Uni.createFrom().item(Optional.<AccessTokenIssuer.IssuedToken>empty());
            }
            TreeSet<String> scopes = new TreeSet<>(user.adminScopes());
            String subject = Long.toString(userId);
            return untilNotBornRevoked(subject).map(ready -> Optional.of(issuer.issue(subject,
                    WellKnownClients.PLATFORM_CONSOLE, scopes, Map.of(), audience(), LIFETIME)));
        });
    }

    private List<String> audience() {
        List<String> audience = new ArrayList<>(resources.all());
        audience.add(issuerUrl);
        return audience;
    }

    /**
     * A role change revokes the user's tokens issued up to its instant, compared with {@code iat} in whole seconds
     * (RFC 7519 §2 NumericDate): a token minted in that same second would be born revoked, so wait for the next one.
     */
    private Uni<Void> untilNotBornRevoked(String subject) {
        Instant now = Instant.now();
        return revocations.covers("", "", subject, WellKnownClients.PLATFORM_CONSOLE, now.truncatedTo(ChronoUnit.SECONDS))
                .chain(covered -> covered
                        ? Uni.createFrom().voidItem().onItem().delayIt()
                                .by(Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)).plusMillis(10))
                        : Uni.createFrom().voidItem());
    }
}
