package dev.userinfo.auth.operator;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.token.AccessTokenIssuer;
import dev.userinfo.auth.token.AccessTokenIssuer.IssuedToken;
import dev.userinfo.auth.token.ResourceIndicators;
import dev.userinfo.contracts.admin.AdminScopes;
import dev.userinfo.contracts.clients.WellKnownClients;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console token: the signed-in operator's own access token (issue #18, "Console token"): {@code sub} the user,
 * {@code client_id} platform-console, {@code scope} the admin scopes the user's platform role allows, {@code aud}
 * every resource server plus this service's issuer (auth-service's admin guard wants itself in {@code aud}, RFC 9068
 * §4), lifetime at most {@link #LIFETIME}. Minted per page, never stored, never shown.
 *
 * <p>Stands in for auth-operator's {@code OperatorTokens.mint(long)} until that is merged (see the README).
 */
@ApplicationScoped
public class ConsoleTokens {

    /** Short: the token lives only for the admin calls of one page (issue #18: at most 5 minutes). */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final AccessTokenIssuer issuer;
    private final ResourceIndicators resources;
    private final AuthConfig config;

    public ConsoleTokens(AccessTokenIssuer issuer, ResourceIndicators resources, AuthConfig config) {
        this.issuer = issuer;
        this.resources = resources;
        this.config = config;
    }

    /** The user's platform role, if it is one the console knows. */
    public Uni<Optional<PlatformRole>> role(long userId) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT platform_role FROM app_user WHERE id = :id", String.class)
                .setParameter("id", userId).getResultList()))
                .map(rows -> rows.isEmpty() ? Optional.<PlatformRole>empty() : PlatformRole.of(rows.get(0)));
    }

    /** The console token of {@code userId}, or empty for a user without an operator or auditor role. */
    public Uni<Optional<IssuedToken>> mint(long userId) {
        return role(userId).map(role -> role.map(r -> mint(userId, r)));
    }

    IssuedToken mint(long userId, PlatformRole role) {
        List<String> audience = new ArrayList<>(resources.all());
        if (!audience.contains(config.issuer())) {
            audience.add(config.issuer());
        }
        return issuer.issue(Long.toString(userId), WellKnownClients.PLATFORM_CONSOLE, role.scopes(), Map.of(), audience,
                LIFETIME);
    }

    /** The platform roles (issue #18): operator reads and writes, auditor only reads. */
    public enum PlatformRole {
        OPERATOR("operator", List.of(AdminScopes.READ, AdminScopes.WRITE)),
        AUDITOR("auditor", List.of(AdminScopes.READ));

        final String value;
        final List<String> scopes;

        PlatformRole(String value, List<String> scopes) {
            this.value = value;
            this.scopes = scopes;
        }

        public List<String> scopes() {
            return scopes;
        }

        public String value() {
            return value;
        }

        static Optional<PlatformRole> of(String value) {
            for (PlatformRole role : values()) {
                if (role.value.equals(value)) {
                    return Optional.of(role);
                }
            }
            return Optional.empty();
        }
    }
}
