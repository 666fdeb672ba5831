package dev.userinfo.auth.token;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/** Issues authorization codes: a new grant and its code in one transaction. Redemption is the token endpoint's. */
@ApplicationScoped
public class AuthorizationCodes {

    /** RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED." */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    /**
     * What the user approved, as the authorization endpoint hands it over. {@code redirectUriGiven}: the request
     * carried redirect_uri (rather than getting the app's only registered one by omission).
     */
    public record Approval(long userId, long appid, String clientId, Collection<String> scopes, String redirectUri,
                           String codeChallenge, String codeChallengeMethod, String nonce, Instant authTime,
                           boolean redirectUriGiven, java.util.List<String> resources) {

        /** Without RFC 8707 resources: the tokens are for every resource server. */
        public Approval(long userId, long appid, String clientId, Collection<String> scopes, String redirectUri,
                        String codeChallenge, String codeChallengeMethod, String nonce, Instant authTime,
                        boolean redirectUriGiven) {
            this(userId, appid, clientId, scopes, redirectUri, codeChallenge, codeChallengeMethod, nonce, authTime,
                    redirectUriGiven, java.util.List.of());
        }
    }

    /** The code to send to the app, shown once, and the grant it opens. */
    public record Issued(String code, UUID grantId) {
    }

    private final AuthConfig config;

    public AuthorizationCodes(AuthConfig config) {
        this.config = config;
    }

    public Uni<Issued> issue(Approval approval) {
        Instant now = Instant.now();
        Duration lifetime = config.codes().lifetime().compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : config.codes().lifetime();
        String code = ClientSecrets.generate();
        AuthorizationGrant grant = new AuthorizationGrant();
        grant.id = UUID.randomUUID();
        grant.userId = approval.userId();
        grant.appid = approval.appid();
        grant.clientId = approval.clientId();
        grant.scopes = approval.scopes().toArray(String[]::new);
        grant.resources = approval.resources() == null || approval.resources().isEmpty() ? null
                : approval.resources().toArray(String[]::new);
        grant.nonce = approval.nonce();
        grant.authTime = approval.authTime();
        grant.createdAt = now;
        AuthorizationCode row = new AuthorizationCode();
        row.codeHash = ClientSecrets.hash(code);
        row.grantId = grant.id;
        row.redirectUri = approval.redirectUri();
        row.redirectUriGiven = approval.redirectUriGiven();
        row.codeChallenge = approval.codeChallenge();
        row.codeChallengeMethod = approval.codeChallengeMethod();
        row.createdAt = now;
        row.expiresAt = now.plus(lifetime);
        return Panache.withTransaction(() -> grant.persistAndFlush().chain(() -> row.persist()))
                .replaceWith(new Issued(code, grant.id));
    }
}
