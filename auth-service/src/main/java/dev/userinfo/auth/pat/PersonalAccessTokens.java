package dev.userinfo.auth.pat;

import dev.userinfo.auth.app.ClientSecrets;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.revocation.Revocations;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.user.PlatformRole;
import dev.userinfo.auth.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Personal access tokens (seed 003's 系统访问令牌, seed 004's user_token): {@code pat_} + 256 random bits in
 * base64url, stored only as SHA-256 of the whole string ({@link ClientSecrets#hash}), shown once.
 */
@ApplicationScoped
public class PersonalAccessTokens {

    /**
     * Scopes any user's personal token may carry: those that read or act on the user's own data. Beside them, the admin
     * scopes the user's platform role allows ({@link PlatformRole}, issue #18).
     */
    public static final Set<String> ALLOWED_SCOPES = allowedScopes();
    static final int MAX_NAME = 64;
    static final int MAX_ACTIVE = 50;

    /** A refusal the user can fix; the message is shown on the page. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** A new token: its value, shown once, and the stored row. */
    public record Created(String token, PersonalAccessToken row) {
    }

    private final AuthConfig config;
    private final Revocations revocations;

    public PersonalAccessTokens(AuthConfig config, Revocations revocations) {
        this.config = config;
        this.revocations = revocations;
    }

    /** Creates a token; {@code lifetime} null means the longest allowed. */
    public Uni<Created> create(long userId, String name, Collection<String> scopes, Duration lifetime) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME || cleanName.chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().failure(new Invalid("name is required: 1 to " + MAX_NAME + " characters"));
        }
        Set<String> chosen = new LinkedHashSet<>(scopes);
        if (chosen.isEmpty()) {
            return Uni.createFrom().failure(new Invalid("choose at least one permission"));
        }
        Set<String> admin = new LinkedHashSet<>(chosen.stream().filter(PlatformRole::isAdminScope).toList());
        if (!chosen.stream().allMatch(s -> ALLOWED_SCOPES.contains(s) || admin.contains(s))) {
            return Uni.createFrom().failure(new Invalid("a chosen permission is not available for personal tokens"));
        }
        Duration max = config.personalTokens().maxLifetime();
        Duration chosenLifetime = lifetime == null ? max : lifetime;
        if (chosenLifetime.isNegative() || chosenLifetime.isZero() || chosenLifetime.compareTo(max) > 0) {
            return Uni.createFrom().failure(new Invalid("expiry must be between 1 day and " + max.toDays() + " days"));
        }
        String token = PersonalAccessToken.PREFIX + ClientSecrets.generate();
        Instant now = Instant.now();
        PersonalAccessToken row = new PersonalAccessToken();
        row.userId = userId;
        row.name = cleanName;
        row.tokenHash = ClientSecrets.hash(token);
        row.scopes = chosen.toArray(String[]::new);
        row.createdAt = now;
        row.expiresAt = now.plus(chosenLifetime);
        return Panache.withTransaction(() -> adminScopesAllowed(userId, admin)
                        .chain(() -> PersonalAccessToken.count("userId = ?1 and revokedAt is null", userId))
                        .chain(active -> {
                            if (active >= MAX_ACTIVE) {
                                return Uni.createFrom().failure(new Invalid("at most " + MAX_ACTIVE + " tokens at a time"));
                            }
                            return PersonalAccessToken.count("userId = ?1 and revokedAt is null and name = ?2", userId, cleanName);
                        })
                        .chain(sameName -> sameName > 0
                                ? Uni.createFrom().failure(new Invalid("a token with this name exists"))
                                : row.<PersonalAccessToken>persistAndFlush()))
                .onFailure(ConstraintViolationException.class).transform(e -> new Invalid("a token with this name exists"))
                .map(saved -> new Created(token, saved));
    }

    /** Admin scopes only for a user whose platform role allows each of them (issue #18). */
    private static Uni<Void> adminScopesAllowed(long userId, Set<String> admin) {
        if (admin.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return User.<User>findById(userId).chain(user -> user != null && user.adminScopes().containsAll(admin)
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new Invalid("a chosen permission is not available for personal tokens")));
    }

    /** The admin scopes this user may put on a personal token now: none unless an active operator or auditor. */
    public Uni<Set<String>> adminScopesOf(long userId) {
        return Panache.withSession(() -> User.<User>findById(userId))
                .map(user -> user == null ? Set.<String>of() : user.adminScopes());
    }

    /** The user's tokens that are not revoked, newest first (expired ones stay listed until revoked). */
    public Uni<List<PersonalAccessToken>> list(long userId) {
        return Panache.withSession(() -> PersonalAccessToken.<PersonalAccessToken>list(
                "userId = ?1 and revokedAt is null order by createdAt desc, id desc", userId));
    }

    /** Revokes one of the user's tokens; false when it is not theirs or already revoked. */
    public Uni<Boolean> revoke(long userId, long tokenId) {
        return Panache.withTransaction(() -> PersonalAccessToken.<PersonalAccessToken>find(
                        "id = ?1 and userId = ?2 and revokedAt is null", tokenId, userId).firstResult()
                .chain(row -> row == null ? Uni.createFrom().item(false)
                        : revocations.revokePersonalToken(tokenId, userId).replaceWith(true)));
    }

    /**
     * The active token with this value, or null: for introspection (docs/internal-contracts.md §1). Malformed
     * values are not looked up.
     */
    public Uni<PersonalAccessToken> findActive(String presented) {
        if (presented == null || presented.length() != PersonalAccessToken.PREFIX.length() + 43
                || !presented.startsWith(PersonalAccessToken.PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        byte[] hash = ClientSecrets.hash(presented);
        Instant now = Instant.now();
        return Panache.withSession(() -> PersonalAccessToken.<PersonalAccessToken>find("tokenHash = ?1", (Object) hash)
                .firstResult()
                .map(row -> row == null || row.revokedAt != null || (row.expiresAt != null && row.expiresAt.isBefore(now))
                        ? null : row));
    }

    private static Set<String> allowedScopes() {
        Set<String> scopes = new LinkedHashSet<>(Scope.allValues());
        // openid and offline_access mean a sign-in and a refresh token: nothing a static token can be.
        scopes.remove(Scope.OPENID.value());
        scopes.remove(Scope.OFFLINE_ACCESS.value());
        return Set.copyOf(scopes);
    }
}
