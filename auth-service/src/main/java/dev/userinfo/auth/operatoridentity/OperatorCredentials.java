package dev.userinfo.auth.operatoridentity;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.key.AccessTokenReader;
import dev.userinfo.auth.pat.PersonalAccessToken;
import dev.userinfo.auth.pat.PersonalAccessTokens;
import dev.userinfo.auth.revocation.Revocations;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.user.User;
import dev.userinfo.contracts.audit.AuditEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Whether a bearer token is an operator's credential for one admin request (issue #18): a genuine, live access token of
 * ours or personal access token of an active user (else 401), which is a user's (not an app's), meant for this server
 * ({@code aud} names our issuer, RFC 9068 §4), carries the admin scope the method needs, and belongs to a user whose
 * platform role allows that scope now (else 403 {@code insufficient_scope}, RFC 6750 §3.1).
 */
@ApplicationScoped
public class OperatorCredentials {

    /** The answer for one request: {@code status} 200 with the audit actor, or 401/403 with why. */
    public record Verdict(int status, String actor, String detail) {

        static Verdict operator(long userId) {
            return new Verdict(200, AuditEntry.operator(userId), null);
        }

        static Verdict invalid(String detail) {
            return new Verdict(401, null, detail);
        }

        static Verdict insufficient(String detail) {
            return new Verdict(403, null, detail);
        }

        public boolean accepted() {
            return status == 200;
        }
    }

    private final AccessTokenReader reader;
    private final Revocations revocations;
    private final PersonalAccessTokens personalTokens;
    private final String issuer;

    public OperatorCredentials(AccessTokenReader reader, Revocations revocations, PersonalAccessTokens personalTokens,
                               AuthConfig config) {
        this.reader = reader;
        this.revocations = revocations;
        this.personalTokens = personalTokens;
        this.issuer = config.issuer();
    }

    /** Checks {@code token} (the Bearer value, null when absent) for a request that needs {@code scope}. */
    public Uni<Verdict> check(String token, String scope) {
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().item(Verdict.invalid("A valid admin credential is required"));
        }
        if (token.startsWith(PersonalAccessToken.PREFIX)) {
            return personal(token, scope);
        }
        if (AccessTokenReader.looksLikeJwt(token)) {
            return access(token, scope);
        }
        return Uni.createFrom().item(Verdict.invalid("A valid admin credential is required"));
    }

    private Uni<Verdict> access(String token, String scope) {
        Optional<JwtClaims> read = reader.read(token);   // signature, iss, typ at+jwt, exp
        if (read.isEmpty()) {
            return Uni.createFrom().item(Verdict.invalid("the token is not a valid access token of this server"));
        }
        JwtClaims claims = read.get();
        String sub;
        String clientId;
        String gid;
        Instant iat;
        List<String> audience;
        boolean clientToken;
        Set<String> scopes;
        try {
            sub = claims.getSubject();
            clientId = claims.getStringClaimValue("client_id");
            gid = claims.getClaimValue("gid") instanceof String g ? g : "";
            iat = Instant.ofEpochSecond(claims.getIssuedAt().getValue());
            audience = claims.getAudience();
            clientToken = claims.hasClaim("gty");
            scopes = Scope.parse(claims.getClaimValue("scope") instanceof String s ? s : null);
            return revocations.covers(claims.getJwtId(), gid, sub, clientId, iat).chain(revoked -> {
                if (revoked) {
                    return Uni.createFrom().item(Verdict.invalid("the token was revoked"));
                }
                if (clientToken || !isUserId(sub)) {
                    return Uni.createFrom().item(Verdict.insufficient("an app's own token cannot call the admin API"));
                }
                if (!audience.contains(issuer)) {
                    // RFC 9068 §4: a token for the resource servers is not one for this server's admin API.
                    return Uni.createFrom().item(Verdict.insufficient("the token is not meant for this server: "
                            + "the admin API needs an operator token whose aud names the issuer"));
                }
                return holder(Long.parseLong(sub), scopes, scope);
            });
        } catch (MalformedClaimException e) {
            return Uni.createFrom().item(Verdict.invalid("the token is not a valid access token of this server"));
        }
    }

    private Uni<Verdict> personal(String token, String scope) {
        return personalTokens.findActive(token).chain(row -> row == null
                ? Uni.createFrom().item(Verdict.invalid("the personal access token is not valid"))
                : holder(row.userId, new java.util.HashSet<>(List.of(row.scopes)), scope));
    }

    /** The token is genuine and a user's: is the user active, does the token carry the scope, does the role allow it now? */
    private Uni<Verdict> holder(long userId, Set<String> tokenScopes, String scope) {
        return Panache.withSession(() -> User.<User>findById(userId)).map(user -> {
            if (user == null || !user.active()) {
                return Verdict.invalid("the token's user is disabled or deleted");
            }
            if (!tokenScopes.contains(scope)) {
                return Verdict.insufficient("this request needs a token with scope " + scope);
            }
            // Re-checked at every use: a demoted user's tokens stop here even before their revocation is seen.
            if (!user.adminScopes().contains(scope)) {
                return Verdict.insufficient("the user's platform role does not allow " + scope);
            }
            return Verdict.operator(userId);
        });
    }

    /** A user's {@code sub} is the numeric user id; an app's is its client_id, which is never all digits. */
    private static boolean isUserId(String sub) {
        return sub != null && sub.length() <= 18 && !sub.isEmpty() && sub.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
