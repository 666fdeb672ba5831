package dev.userinfo.auth.token;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.oauth.OAuthError;
import dev.userinfo.auth.revocation.Revocations;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Redeems an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.6) for both doors: the token endpoint and seed
 * 001's token step share it, so a code is redeemable once through either. The code is spent by one guarded
 * UPDATE; a second presentation revokes every token issued from it (RFC 6749 §4.1.2, RFC 9700 §4.2.4).
 */
@ApplicationScoped
public class AuthorizationCodeRedemption {

    /** Which door the code came through: seed 001's sends neither redirect_uri nor a PKCE verifier. */
    public enum Door { OAUTH, SEED_001 }

    /** A spent code: its grant, the user, the pair's open_id and, with offline_access, a new refresh token. */
    public record Redeemed(AuthorizationGrant grant, User user, String openId, String refreshToken, String nonce,
                           List<String> audience) {
    }

    /** What the transaction decided: a redemption, or an error and perhaps a grant to revoke after it. */
    private record Outcome(Redeemed redeemed, OAuthError error, UUID revokeGrant) {
        static Outcome refused(String description) {
            return new Outcome(null, OAuthError.invalidGrant(description), null);
        }
    }

    private final OpenIds openIds;
    private final Revocations revocations;
    private final RefreshTokens refreshTokens;
    private final ResourceIndicators resources;

    public AuthorizationCodeRedemption(OpenIds openIds, Revocations revocations, RefreshTokens refreshTokens,
                                       ResourceIndicators resources) {
        this.openIds = openIds;
        this.revocations = revocations;
        this.refreshTokens = refreshTokens;
        this.resources = resources;
    }

    /**
     * @param client      the authenticated client
     * @param redirectUri at the OAuth door required when the authorization request carried one and then identical
     *                    (RFC 6749 §4.1.3); ignored at seed 001's (which has none)
     * @param verifier    the PKCE code_verifier, or null
     */
    public Uni<Redeemed> redeem(App client, String code, String redirectUri, String verifier, Door door) {
        return redeem(client, code, redirectUri, verifier, door, List.of());
    }

    /** @param resources the token request's RFC 8707 {@code resource} values, which may narrow the grant's (§2.2) */
    public Uni<Redeemed> redeem(App client, String code, String redirectUri, String verifier, Door door,
                                List<String> resources) {
        if (!OpaqueTokens.wellFormed(code)) {
            return Uni.createFrom().failure(OAuthError.invalidGrant("authorization code is invalid, expired or already used"));
        }
        byte[] hash = ClientSecrets.hash(code);
        return Panache.withTransaction(() -> AuthorizationCode.<AuthorizationCode>find("codeHash", hash).firstResult()
                        .chain(row -> row == null
                                ? Uni.createFrom().item(Outcome.refused("authorization code is invalid, expired or already used"))
                                : check(row, hash, client, redirectUri, verifier, door, resources)))
                .chain(outcome -> {
                    if (outcome.redeemed() != null) {
                        return Uni.createFrom().item(outcome.redeemed());
                    }
                    // The revocation runs in its own transaction: the refusal must not roll it back.
                    Uni<Void> revoke = outcome.revokeGrant() == null ? Uni.createFrom().voidItem()
                            : revocations.revokeGrant(outcome.revokeGrant(), "authorization code replayed");
                    return revoke.chain(() -> Uni.createFrom().failure(outcome.error()));
                });
    }

    private Uni<Outcome> check(AuthorizationCode row, byte[] hash, App client, String redirectUri, String verifier, Door door,
                               List<String> resources) {
        if (row.redeemedAt != null) {
            // RFC 6749 §4.1.2: a code used twice revokes what was issued from it.
            return Uni.createFrom().item(new Outcome(null, OAuthError.invalidGrant("authorization code is invalid, expired or already used"),
                    row.grantId));
        }
        if (!row.expiresAt.isAfter(Instant.now())) {
            return Uni.createFrom().item(Outcome.refused("authorization code is invalid, expired or already used"));
        }
        return AuthorizationGrant.<AuthorizationGrant>findById(row.grantId).chain(grant -> {
            String problem = problem(row, grant, client, redirectUri, verifier, door);
            if (problem != null) {
                return Uni.createFrom().item(Outcome.refused(problem));
            }
            if (door == Door.OAUTH && redirectUri == null && row.redirectUriGiven) {
                // RFC 6749 §4.1.3: required because the authorization request had it; a missing parameter (§5.2).
                return Uni.createFrom().item(new Outcome(null,
                        OAuthError.invalidRequest("parameter redirect_uri is required: the authorization request had one"), null));
            }
            List<String> audience;
            try {
                // Before the code is spent: a refused narrowing leaves the code usable (RFC 8707 §2.2).
                audience = this.resources.audience(grant.resourceList(), resources);
            } catch (OAuthError e) {
                return Uni.createFrom().item(new Outcome(null, e, null));
            }
            return User.<User>findById(grant.userId).chain(user -> {
                if (user == null || !user.active()) {
                    return Uni.createFrom().item(Outcome.refused("the user of this authorization is no longer active"));
                }
                return spend(hash).chain(spent -> {
                    if (!spent) {
                        // Another request redeemed it between our read and our write: that is a second use too.
                        return Uni.createFrom().item(new Outcome(null,
                                OAuthError.invalidGrant("authorization code is invalid, expired or already used"), grant.id));
                    }
                    boolean offline = door == Door.OAUTH && grant.scopeList().contains(Scope.OFFLINE_ACCESS.value());
                    Uni<String> refresh = offline ? refreshTokens.issue(grant.id, grant.createdAt) : Uni.createFrom().nullItem();
                    return refresh.chain(refreshToken -> openIds.forPair(grant.appid, user.id)
                            .map(openId -> new Outcome(new Redeemed(grant, user, openId, refreshToken, grant.nonce, audience), null, null)));
                });
            });
        });
    }

    private static String problem(AuthorizationCode row, AuthorizationGrant grant, App client, String redirectUri,
                                  String verifier, Door door) {
        if (grant == null || grant.revoked()) {
            return "the authorization was revoked";
        }
        if (!grant.clientId.equals(client.clientId)) {
            // RFC 6749 §4.1.3: the code must have been issued to the authenticated client.
            return "authorization code is invalid, expired or already used";
        }
        if (door == Door.OAUTH) {
            // RFC 6749 §4.1.3: identical to the authorization request's, compared exactly; sent although the request
            // omitted it, it must still be the URI the code went to. (A missing one is refused in redeem.)
            if (redirectUri != null && !row.redirectUri.equals(redirectUri)) {
                return "redirect_uri does not match the authorization request";
            }
        }
        if (row.codeChallenge != null) {
            if (verifier == null) {
                return "code_verifier is required (RFC 7636 §4.5)";
            }
            if (!Pkce.matches(verifier, row.codeChallenge)) {
                return "code_verifier does not match the code_challenge (RFC 7636 §4.6)";
            }
        } else {
            if (verifier != null) {
                // RFC 9700 §2.1.1: a verifier without a stored challenge is a PKCE downgrade attempt.
                return "code_verifier sent but the authorization request had no code_challenge";
            }
            if (!client.confidential()) {
                return "public clients must use PKCE (RFC 9700 §2.1.1)";
            }
        }
        return null;
    }

    /** The one guarded UPDATE that makes a code single-use even under concurrent redemption. */
    private static Uni<Boolean> spend(byte[] hash) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE auth.authorization_code SET redeemed_at = now()
                        WHERE code_hash = :hash AND redeemed_at IS NULL AND expires_at > now()""")
                .setParameter("hash", hash).executeUpdate()).map(count -> count == 1);
    }
}
