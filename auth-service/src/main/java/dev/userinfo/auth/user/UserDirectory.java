package dev.userinfo.auth.user;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
import dev.userinfo.auth.audit.AuditTrail;
import dev.userinfo.auth.config.AuthConfig;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The users: the rules of a valid user, and every change, each told to the {@link UserChangeObserver}s (sessions,
 * revocation, the outbox of docs/internal-contracts.md §3) in the change's one transaction. A change made through the
 * admin API names its {@code actor} and is recorded in the {@link AuditTrail} in that transaction too; a null actor is
 * the service's own change (demo data, a login), not audited.
 */
@ApplicationScoped
public class UserDirectory {

    private final PasswordHasher passwords;
    private final List<UserChangeObserver> observers;
    private final AuditTrail audit;
    private final UserRules rules;
    private final UserImport bulk;

    public UserDirectory(PasswordHasher passwords, AuthConfig config, @All List<UserChangeObserver> observers,
                         AuditTrail audit, UserImport bulk) {
        this.passwords = passwords;
        this.bulk = bulk;
        this.rules = new UserRules(config.passwords().minLength());
        this.observers = List.copyOf(observers);
        this.audit = audit;
    }

    /** Records an admin write in the caller's transaction; nothing for the service's own changes (null actor). */
    private Uni<Void> audited(String actor, String action, long userId, UserView before, UserView after) {
        return actor == null ? Uni.createFrom().voidItem() : audit.record(actor, action, "user:" + userId, before, after);
    }

    /** Tells every observer, one after the other, in the caller's transaction. */
    private Uni<Void> tell(Function<UserChangeObserver, Uni<Void>> change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UserChangeObserver observer : observers) {
            chain = chain.chain(() -> change.apply(observer));
        }
        return chain;
    }

    /** Creates a user and its {@code user.created} event. */
    public Uni<User> create(UserInput input) {
        return create(null, input);
    }

    /** Creates a user and its {@code user.created} event; {@code actor}: who, for the audit trail (null: not audited). */
    public Uni<User> create(String actor, UserInput input) {
        try {
            rules.validateNew(input);
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(e);
        }
        return hashed(input.password()).chain(hash -> Panache.withTransaction(() -> insert(input, hash, actor)))
                .onFailure(ConstraintViolationException.class)
                .transform(e -> AdminProblem.conflict("login or email is already taken"));
    }

    private Uni<User> insert(UserInput input, String hash, String actor) {
        User user = new User();
        user.login = input.login();
        user.displayName = UserRules.blankToNull(input.displayName());
        user.email = UserRules.blankToNull(input.email());
        user.phone = UserRules.blankToNull(input.phone());
        user.passwordHash = hash;
        user.status = input.status() == null ? User.ACTIVE : input.status();
        user.version = 1;
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        return user.<User>persistAndFlush().call(saved -> tell(o -> o.written("user.created", saved)))
                .call(saved -> audited(actor, "user.create", saved.id, null, UserView.of(saved)));
    }

    public Uni<User> find(long id) {
        return Panache.withSession(() -> User.<User>findById(id));
    }

    /** Whether a user has this id; false for an id no user can have (-1 from a path that is not a number). */
    public Uni<Boolean> exists(long id) {
        return id < 1 ? Uni.createFrom().item(false) : find(id).map(user -> user != null);
    }

    /** One page of users by id, with the total (admin paging, 1-based). */
    public Uni<dev.userinfo.contracts.admin.Page<User>> list(PageRequest request) {
        return Panache.withSession(() -> User.<User>findAll(Sort.by("id")).page(Page.of(request.page() - 1, request.pageSize())).list()
                .flatMap(users -> User.count().map(total -> dev.userinfo.contracts.admin.Page.of(users, total, request))));
    }

    /**
     * One page of the users whose id is {@code keyword} or whose login, display name or email contains it, any case
     * (issue #18: the operator console's search). An empty keyword lists everyone, as {@link #list(PageRequest)}.
     */
    public Uni<dev.userinfo.contracts.admin.Page<User>> search(String keyword, PageRequest request) {
        if (keyword == null || keyword.isEmpty()) {
            return list(request);
        }
        // locate, not like: the keyword's % and _ stay plain characters.
        String where = "id = ?1 or locate(?2, lower(login)) > 0 or locate(?2, lower(displayName)) > 0 or locate(?2, lower(email)) > 0";
        Object[] params = {UserRules.idOrNone(keyword), keyword.toLowerCase(java.util.Locale.ROOT)};
        return Panache.withSession(() -> User.<User>find(where, Sort.by("id"), params)
                .page(Page.of(request.page() - 1, request.pageSize())).list()
                .flatMap(users -> User.count(where, params).map(total -> dev.userinfo.contracts.admin.Page.of(users, total, request))));
    }

    /**
     * Changes the fields present in {@code input} (absent ones stay). The row is locked for the change, so two
     * concurrent updates produce versions n+1 and n+2, never two different n+1 (receivers keep the newest).
     */
    public Uni<User> update(long id, UserInput input) {
        return update(null, id, input);
    }

    /** {@link #update(long, UserInput)} by {@code actor}: user.reset-password with a password, else user.update (or disable, enable). */
    public Uni<User> update(String actor, long id, UserInput input) {
        try {
            if (input == null) {
                throw AdminProblem.invalid("a JSON body is required");
            }
            UserRules.refuseHash(input);
            if (input.login() != null && !UserRules.LOGIN.matcher(input.login()).matches()) {
                throw AdminProblem.invalid("login: 2 to 64 letters, digits, '.', '_' or '-'");
            }
            if (input.password() != null) {
                rules.validatePassword(input.password());
            }
            UserRules.validateProfile(input);
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(e);
        }
        Uni<String> newHash = input.password() == null ? Uni.createFrom().nullItem() : hashed(input.password());
        return newHash.chain(hash -> Panache.withTransaction(() -> locked(id).chain(user -> {
            String before = user.status;
            UserView beforeView = UserView.of(user);
            if (input.login() != null) {
                user.login = input.login();
            }
            if (input.displayName() != null) {
                user.displayName = UserRules.blankToNull(input.displayName());
            }
            if (input.email() != null) {
                user.email = UserRules.blankToNull(input.email());
            }
            if (input.phone() != null) {
                user.phone = UserRules.blankToNull(input.phone());
            }
            if (hash != null) {
                user.passwordHash = hash;
            }
            // A new password ends every session and every refresh family (a disable does too, in changed): whoever
            // knew the old password must not keep what it bought (issue #13 item 6; README, "Password change").
            Uni<Void> sessionsEnd = hash != null ? tell(o -> o.passwordChanged(user.id)) : Uni.createFrom().voidItem();
            if (input.status() != null) {
                user.status = input.status();
            }
            String action = hash != null ? "user.reset-password" : before.equals(user.status) ? "user.update"
                    : User.DISABLED.equals(user.status) ? "user.disable" : "user.enable";
            return sessionsEnd.chain(() -> changed(user, before))
                    .call(saved -> audited(actor, action, saved.id, beforeView, UserView.of(saved)));
        }))).onFailure(ConstraintViolationException.class)
                .transform(e -> AdminProblem.conflict("login or email is already taken"));
    }

    /**
     * Creates every user of an import in one transaction, or none: all lines are checked first (format, and
     * login or email taken in the file or already here), so a bad line changes nothing.
     */
    public Uni<List<User>> importUsers(List<UserInput> inputs) {
        return importUsers(null, inputs);
    }

    /** {@link #importUsers(List)} by {@code actor}: each user created is recorded as user.create. */
    public Uni<List<User>> importUsers(String actor, List<UserInput> inputs) {
        List<UserImportRefused.Line> problems = new java.util.ArrayList<>();
        java.util.Set<String> logins = new java.util.HashSet<>();
        java.util.Set<String> emails = new java.util.HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            UserInput input = inputs.get(i);
            try {
                rules.validateImported(input, passwords::refusalOfImported);
                if (!logins.add(input.login().toLowerCase(java.util.Locale.ROOT))) {
                    throw AdminProblem.conflict("login " + input.login() + " appears twice in the import");
                }
                String email = UserRules.blankToNull(input.email());
                if (email != null && !emails.add(email.toLowerCase(java.util.Locale.ROOT))) {
                    throw AdminProblem.conflict("email appears twice in the import");
                }
            } catch (AdminProblem e) {
                problems.add(new UserImportRefused.Line(i + 1, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(new UserImportRefused(problems));
        }
        return Panache.withSession(() -> User.<User>list("lower(login) in ?1 or lower(email) in ?2", logins, emails))
                .chain(existing -> {
                    for (User taken : existing) {
                        for (int i = 0; i < inputs.size(); i++) {
                            UserInput input = inputs.get(i);
                            if (input.login().equalsIgnoreCase(taken.login) || (taken.email != null
                                    && taken.email.equalsIgnoreCase(UserRules.blankToNull(input.email())))) {
                                problems.add(new UserImportRefused.Line(i + 1, "login or email is already taken"));
                            }
                        }
                    }
                    if (!problems.isEmpty()) {
                        problems.sort(java.util.Comparator.comparingInt(UserImportRefused.Line::line));
                        return Uni.createFrom().failure(new UserImportRefused(problems));
                    }
                    return hashAll(inputs).chain(hashes -> bulk.insert(actor, inputs, hashes));
                })
                .onFailure(UserImport.Taken.class)
                .transform(e -> new UserImportRefused(List.of(new UserImportRefused.Line(0, "a login or email was taken meanwhile; nothing imported"))));
    }

    /** Each line's hash: a pre-hashed line's as given (issue #19), else a new one, one after the other. */
    private Uni<List<String>> hashAll(List<UserInput> inputs) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(inputs)
                .onItem().transformToUniAndConcatenate(input -> input.passwordHash() != null
                        ? Uni.createFrom().item(input.passwordHash()) : hashed(input.password()))
                .collect().asList();
    }

    /** A new hash, or 503 for the admin API when every hasher stayed busy for the whole wait. */
    private Uni<String> hashed(String password) {
        return passwords.hashOffLoop(password).onFailure(PasswordHasher.Busy.class).transform(e -> new AdminProblem(503,
                "temporarily_unavailable", "password hashing is busy; retry after " + passwords.retryAfterSeconds() + " s"));
    }

    /**
     * Records a successful login (seed 003's last_login_at and last_login_ip travel to the other services with
     * the next event). Also re-hashes a password stored with weaker parameters than configured now.
     */
    public Uni<Void> recordLogin(long id, String ip, String password) {
        return Panache.withTransaction(() -> locked(id).chain(user -> {
            user.lastLoginAt = Instant.now();
            user.lastLoginIp = ip == null || ip.length() > 64 ? null : ip;
            // A busy hasher only postpones the re-hash to a later login; the login itself has succeeded.
            Uni<Void> rehash = password != null && passwords.needsRehash(user.passwordHash)
                    ? passwords.hashOffLoop(password).invoke(hash -> user.passwordHash = hash).replaceWithVoid()
                        .onFailure(PasswordHasher.Busy.class).recoverWithNull()
                    : Uni.createFrom().voidItem();
            return rehash.chain(() -> changed(user, user.status)).replaceWithVoid();
        }));
    }

    /** Disables or re-enables a user; disabling revokes every grant and token the user holds. */
    public Uni<User> setStatus(long id, String status) {
        return setStatus(null, id, status);
    }

    /** {@link #setStatus(long, String)} by {@code actor} (user.disable, user.enable); no change, no record. */
    public Uni<User> setStatus(String actor, long id, String status) {
        return Panache.withTransaction(() -> locked(id).chain(user -> {
            if (status.equals(user.status)) {
                return Uni.createFrom().item(user);
            }
            String before = user.status;
            UserView beforeView = UserView.of(user);
            user.status = status;
            return changed(user, before).call(saved -> audited(actor,
                    User.DISABLED.equals(status) ? "user.disable" : "user.enable", saved.id, beforeView, UserView.of(saved)));
        }));
    }

    /**
     * Sets, changes or removes ({@code role} null) the user's platform role (issue #18). A change revokes every token
     * the user holds in the same transaction ({@link UserChangeObserver#platformRoleChanged}), so no token keeps admin
     * scopes the new role does not allow; the same role again changes nothing.
     */
    public Uni<User> setPlatformRole(String actor, long id, String role) {
        if (role != null && PlatformRole.of(role).isEmpty()) {
            return Uni.createFrom().failure(AdminProblem.invalid("platform_role is operator, auditor or null"));
        }
        return Panache.withTransaction(() -> locked(id).chain(user -> {
            if (java.util.Objects.equals(role, user.platformRole)) {
                return Uni.createFrom().item(user);
            }
            UserView beforeView = UserView.of(user);
            user.platformRole = role;
            return tell(o -> o.platformRoleChanged(user.id))
                    .chain(() -> changed(user, user.status))
                    .call(saved -> audited(actor, "user.platform-role", saved.id, beforeView, UserView.of(saved)));
        }));
    }

    /**
     * Deletes a user: everything it holds is revoked first (the revocation feed must name it before the rows go),
     * then {@code user.deleted} tells the other services to stop serving it.
     */
    public Uni<Void> delete(long id) {
        return delete(null, id);
    }

    /** {@link #delete(long)} by {@code actor} (user.delete). */
    public Uni<Void> delete(String actor, long id) {
        return Panache.withTransaction(() -> locked(id).chain(user -> {
            long version = user.version + 1;
            UserView beforeView = UserView.of(user);
            return tell(o -> o.deleting(user.id))
                    .chain(() -> user.delete())
                    .chain(() -> tell(o -> o.deleted(id, version)))
                    .chain(() -> audited(actor, "user.delete", id, beforeView, null));
        }));
    }

    private Uni<User> changed(User user, String statusBefore) {
        user.version++;
        user.updatedAt = Instant.now();
        String type = statusBefore.equals(user.status) ? "user.updated"
                : User.DISABLED.equals(user.status) ? "user.disabled" : "user.enabled";
        return user.<User>persistAndFlush()
                .call(() -> "user.disabled".equals(type) ? tell(o -> o.disabled(user.id)) : Uni.createFrom().voidItem())
                .call(saved -> tell(o -> o.written(type, saved)));
    }

    private static Uni<User> locked(long id) {
        return User.<User>findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> AdminProblem.notFound("no user " + id));
    }

    /**
     * The active user with these credentials, or null. An unknown login costs one hash verification too, so
     * timing does not reveal which logins exist.
     */
    public Uni<User> authenticate(String login, String password) {
        if (login == null || password == null || password.length() > UserRules.MAX_PASSWORD || !UserRules.LOGIN.matcher(login).matches()) {
            return passwords.matchesOffLoop(password == null ? "" : password, null).replaceWith((User) null);
        }
        return Panache.withSession(() -> User.byLogin(login)).chain(user -> passwords
                .matchesOffLoop(password, user == null ? null : user.passwordHash)
                .map(ok -> ok && user != null && user.active() ? user : null));
    }
}
