package dev.userinfo.auth.token;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.oauth.OAuthForm;
import dev.userinfo.auth.revocation.Revocations;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code grant_type=refresh_token} (RFC 6749 §6): the token is rotated on every use by one guarded UPDATE, so two
 * concurrent refreshes of one token never both succeed; presenting a rotated token again revokes its whole
 * family (RFC 9700 §4.14.2). The scope may be narrowed, never widened (RFC 6749 §6).
 */
@ApplicationScoped
public class RefreshTokenGrant {

    static final String INVALID = "refresh token is invalid, expired or revoked";

    /** The refreshed family: its grant, user, open_id, the narrowed scopes and the next refresh token. */
    public record Refreshed(AuthorizationGrant grant, User user, String openId, List<String> scopes, String refreshToken,
                            List<String> audience) {
    }

    private record Outcome(Refreshed refreshed, OAuthError error, UUID revokeGrant) {
        static Outcome refused(OAuthError error) {
            return new Outcome(null, error, null);
        }
    }

    private final RefreshTokens refreshTokens;
    private final OpenIds openIds;
    private final Revocations revocations;
    private final ResourceIndicators resources;

    public RefreshTokenGrant(RefreshTokens refreshTokens, OpenIds openIds, Revocations revocations,
                             ResourceIndicators resources) {
        this.refreshTokens = refreshTokens;
        this.openIds = openIds;
        this.revocations = revocations;
        this.resources = resources;
    }

    public Uni<Refreshed> refresh(App client, String token, String scope) {
        return refresh(client, token, scope, List.of());
    }

    /** @param resources RFC 8707 {@code resource} values: may narrow the family's audience, never widen it (§2.2) */
    public Uni<Refreshed> refresh(App client, String token, String scope, List<String> resources) {
        if (!OpaqueTokens.wellFormed(token)) {
            return Uni.createFrom().failure(OAuthError.invalidGrant(INVALID));
        }
        Set<String> requested = Scope.parse(scope);
        byte[] hash = ClientSecrets.hash(token);
        return Panache.withTransaction(() -> RefreshToken.<RefreshToken>find("tokenHash", hash).firstResult()
                        .chain(row -> row == null ? Uni.createFrom().item(Outcome.refused(OAuthError.invalidGrant(INVALID)))
                                : check(row, hash, client, requested, resources)))
                .chain(outcome -> {
                    if (outcome.refreshed() != null) {
                        return Uni.createFrom().item(outcome.refreshed());
                    }
                    // Its own transaction, so the refusal cannot roll the revocation back.
                    Uni<Void> revoke = outcome.revokeGrant() == null ? Uni.createFrom().voidItem()
                            : revocations.revokeGrant(outcome.revokeGrant(), "refresh token replayed");
                    return revoke.chain(() -> Uni.createFrom().failure(outcome.error()));
                });
    }

    private Uni<Outcome> check(RefreshToken row, byte[] hash, App client, Set<String> requested, List<String> resources) {
        return AuthorizationGrant.<AuthorizationGrant>findById(row.grantId).chain(grant -> {
            if (grant == null || !grant.clientId.equals(client.clientId)) {
                // RFC 6749 §6: bound to the client it was issued to.
                return Uni.createFrom().item(Outcome.refused(OAuthError.invalidGrant(INVALID)));
            }
            if (row.rotatedAt != null) {
                // RFC 9700 §4.14.2: a rotated token presented again means two parties hold it; end the family.
                return Uni.createFrom().item(new Outcome(null, OAuthError.invalidGrant(INVALID), grant.id));
            }
            if (grant.revoked() || !row.expiresAt.isAfter(Instant.now())
                    || !grant.scopeList().contains(Scope.OFFLINE_ACCESS.value())) {
                return Uni.createFrom().item(Outcome.refused(OAuthError.invalidGrant(INVALID)));
            }
            List<String> scopes;
            if (requested.isEmpty()) {
                scopes = grant.scopeList();
            } else {
                for (String s : requested) {
                    if (!grant.scopeList().contains(s)) {
                        return Uni.createFrom().item(Outcome.refused(OAuthError.invalidScope(
                                "scope " + OAuthForm.safeName(s) + " was not granted; a refresh may only narrow the scope (RFC 6749 §6)")));
                    }
                }
                scopes = List.copyOf(new LinkedHashSet<>(requested));
            }
            List<String> audience;
            try {
                // Before rotation: a refused narrowing must not cost the client its refresh token.
                audience = this.resources.audience(grant.resourceList(), resources);
            } catch (OAuthError e) {
                return Uni.createFrom().item(Outcome.refused(e));
            }
            return User.<User>findById(grant.userId).chain(user -> {
                if (user == null || !user.active()) {
                    return Uni.createFrom().item(Outcome.refused(OAuthError.invalidGrant(INVALID)));
                }
                return refreshTokens.rotate(hash).chain(rotated -> {
                    if (!rotated) {
                        // A concurrent refresh won the UPDATE: this is the second use of the same token.
                        return Uni.createFrom().item(new Outcome(null, OAuthError.invalidGrant(INVALID), grant.id));
                    }
                    return refreshTokens.issue(grant.id, grant.createdAt).chain(next -> openIds.forPair(grant.appid, user.id)
                            .map(openId -> new Outcome(new Refreshed(grant, user, openId, scopes, next, audience), null, null)));
                });
            });
        });
    }
}
