package dev.userinfo.auth.user;

import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.admin.PageRequest;
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
import java.util.regex.Pattern;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The users: the rules of a valid user, and every change, each told to the {@link UserChangeObserver}s (sessions,
 * revocation, the outbox of docs/internal-contracts.md §3) in the change's one transaction.
 */
@ApplicationScoped
public class UserDirectory {

    /** Letters of any script, digits, and . _ - ; 2 to 64 of them. */
    private static final Pattern LOGIN = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]{1,189}\\.[^@\\s\\p{Cntrl}.]{1,63}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{4,19}");
    private static final int MAX_DISPLAY_NAME = 64;
    /** argon2 takes any length; a cap keeps one request from buying a long hash. */
    private static final int MAX_PASSWORD = 1024;

    private final PasswordHasher passwords;
    private final AuthConfig config;
    private final List<UserChangeObserver> observers;

    public UserDirectory(PasswordHasher passwords, AuthConfig config, @All List<UserChangeObserver> observers) {
        this.passwords = passwords;
        this.config = config;
        this.observers = List.copyOf(observers);
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
        try {
            validateNew(input);
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(e);
        }
        return hashed(input.password()).chain(hash -> Panache.withTransaction(() -> insert(input, hash)))
                .onFailure(ConstraintViolationException.class)
                .transform(e -> AdminProblem.conflict("login or email is already taken"));
    }

    private Uni<User> insert(UserInput input, String hash) {
        User user = new User();
        user.login = input.login();
        user.displayName = blankToNull(input.displayName());
        user.email = blankToNull(input.email());
        user.phone = blankToNull(input.phone());
        user.passwordHash = hash;
        user.status = input.status() == null ? User.ACTIVE : input.status();
        user.version = 1;
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        return user.<User>persistAndFlush().call(saved -> tell(o -> o.written("user.created", saved)));
    }

    public Uni<User> find(long id) {
        return Panache.withSession(() -> User.<User>findById(id));
    }

    /** One page of users by id, with the total (admin paging, 1-based). */
    public Uni<dev.userinfo.contracts.admin.Page<User>> list(PageRequest request) {
        return Panache.withSession(() -> User.<User>findAll(Sort.by("id")).page(Page.of(request.page() - 1, request.pageSize())).list()
                .flatMap(users -> User.count().map(total -> dev.userinfo.contracts.admin.Page.of(users, total, request))));
    }

    /**
     * Changes the fields present in {@code input} (absent ones stay). The row is locked for the change, so two
     * concurrent updates produce versions n+1 and n+2, never two different n+1 (receivers keep the newest).
     */
    public Uni<User> update(long id, UserInput input) {
        try {
            if (input == null) {
                throw AdminProblem.invalid("a JSON body is required");
            }
            if (input.login() != null && !LOGIN.matcher(input.login()).matches()) {
                throw AdminProblem.invalid("login: 2 to 64 letters, digits, '.', '_' or '-'");
            }
            if (input.password() != null) {
                validatePassword(input.password());
            }
            validateProfile(input);
        } catch (AdminProblem e) {
            return Uni.createFrom().failure(e);
        }
        Uni<String> newHash = input.password() == null ? Uni.createFrom().nullItem() : hashed(input.password());
        return newHash.chain(hash -> Panache.withTransaction(() -> locked(id).chain(user -> {
            String before = user.status;
            if (input.login() != null) {
                user.login = input.login();
            }
            if (input.displayName() != null) {
                user.displayName = blankToNull(input.displayName());
            }
            if (input.email() != null) {
                user.email = blankToNull(input.email());
            }
            if (input.phone() != null) {
                user.phone = blankToNull(input.phone());
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
            return sessionsEnd.chain(() -> changed(user, before));
        }))).onFailure(ConstraintViolationException.class)
                .transform(e -> AdminProblem.conflict("login or email is already taken"));
    }

    /** A line of a bulk import that cannot be taken, numbered from 1. */
    public record ImportProblem(int line, String error) {
    }

    /**
     * Creates every user of an import in one transaction, or none: all lines are checked first (format, and
     * login or email taken in the file or already here), so a bad line changes nothing.
     */
    public Uni<List<User>> importUsers(List<UserInput> inputs) {
        List<ImportProblem> problems = new java.util.ArrayList<>();
        java.util.Set<String> logins = new java.util.HashSet<>();
        java.util.Set<String> emails = new java.util.HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            UserInput input = inputs.get(i);
            try {
                validateNew(input);
                if (!logins.add(input.login().toLowerCase(java.util.Locale.ROOT))) {
                    throw AdminProblem.conflict("login " + input.login() + " appears twice in the import");
                }
                String email = blankToNull(input.email());
                if (email != null && !emails.add(email.toLowerCase(java.util.Locale.ROOT))) {
                    throw AdminProblem.conflict("email appears twice in the import");
                }
            } catch (AdminProblem e) {
                problems.add(new ImportProblem(i + 1, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(new ImportException(problems));
        }
        return Panache.withSession(() -> User.<User>list("lower(login) in ?1 or lower(email) in ?2", logins, emails))
                .chain(existing -> {
                    for (User taken : existing) {
                        for (int i = 0; i < inputs.size(); i++) {
                            UserInput input = inputs.get(i);
                            if (input.login().equalsIgnoreCase(taken.login) || (taken.email != null
                                    && taken.email.equalsIgnoreCase(blankToNull(input.email())))) {
                                problems.add(new ImportProblem(i + 1, "login or email is already taken"));
                            }
                        }
                    }
                    if (!problems.isEmpty()) {
                        problems.sort(java.util.Comparator.comparingInt(ImportProblem::line));
                        return Uni.createFrom().failure(new ImportException(problems));
                    }
                    return hashAll(inputs, 0, new java.util.ArrayList<>()).chain(hashes -> Panache.withTransaction(() ->
                            insertAll(inputs, hashes, 0, new java.util.ArrayList<>())));
                })
                .onFailure(ConstraintViolationException.class)
                .transform(e -> new ImportException(List.of(new ImportProblem(0, "a login or email was taken meanwhile; nothing imported"))));
    }

    /** The problems of a refused import. */
    public static final class ImportException extends RuntimeException {
        private final List<ImportProblem> problems;

        public ImportException(List<ImportProblem> problems) {
            super("import refused", null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<ImportProblem> problems() {
            return problems;
        }
    }

    private Uni<List<String>> hashAll(List<UserInput> inputs, int from, List<String> done) {
        if (from == inputs.size()) {
            return Uni.createFrom().item(done);
        }
        return hashed(inputs.get(from).password()).chain(hash -> {
            done.add(hash);
            return hashAll(inputs, from + 1, done);
        });
    }

    /** A new hash, or 503 for the admin API when every hasher stayed busy for the whole wait. */
    private Uni<String> hashed(String password) {
        return passwords.hashOffLoop(password).onFailure(PasswordHasher.Busy.class).transform(e -> new AdminProblem(503,
                "temporarily_unavailable", "password hashing is busy; retry after " + passwords.retryAfterSeconds() + " s"));
    }

    private Uni<List<User>> insertAll(List<UserInput> inputs, List<String> hashes, int from, List<User> done) {
        if (from == inputs.size()) {
            return Uni.createFrom().item(done);
        }
        return insert(inputs.get(from), hashes.get(from)).chain(user -> {
            done.add(user);
            return insertAll(inputs, hashes, from + 1, done);
        });
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
        return Panache.withTransaction(() -> locked(id).chain(user -> {
            if (status.equals(user.status)) {
                return Uni.createFrom().item(user);
            }
            String before = user.status;
            user.status = status;
            return changed(user, before);
        }));
    }

    /**
     * Deletes a user: everything it holds is revoked first (the revocation feed must name it before the rows go),
     * then {@code user.deleted} tells the other services to stop serving it.
     */
    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> locked(id).chain(user -> {
            long version = user.version + 1;
            return tell(o -> o.deleting(user.id))
                    .chain(() -> user.delete())
                    .chain(() -> tell(o -> o.deleted(id, version)));
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
        if (login == null || password == null || password.length() > MAX_PASSWORD || !LOGIN.matcher(login).matches()) {
            return passwords.matchesOffLoop(password == null ? "" : password, null).replaceWith((User) null);
        }
        return Panache.withSession(() -> User.byLogin(login)).chain(user -> passwords
                .matchesOffLoop(password, user == null ? null : user.passwordHash)
                .map(ok -> ok && user != null && user.active() ? user : null));
    }

    void validateNew(UserInput input) {
        if (input == null) {
            throw AdminProblem.invalid("a JSON body is required");
        }
        if (input.login() == null || !LOGIN.matcher(input.login()).matches()) {
            throw AdminProblem.invalid("login is required: 2 to 64 letters, digits, '.', '_' or '-'");
        }
        validatePassword(input.password());
        validateProfile(input);
    }

    void validatePassword(String password) {
        if (password == null || password.length() < config.passwords().minLength()) {
            throw AdminProblem.invalid("password is required, at least " + config.passwords().minLength() + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw AdminProblem.invalid("password is longer than " + MAX_PASSWORD + " characters");
        }
    }

    void validateProfile(UserInput input) {
        if (input.displayName() != null && (input.displayName().length() > MAX_DISPLAY_NAME
                || input.displayName().chars().anyMatch(Character::isISOControl))) {
            throw AdminProblem.invalid("display_name is at most " + MAX_DISPLAY_NAME + " characters, no control characters");
        }
        if (input.email() != null && !input.email().isEmpty() && !EMAIL.matcher(input.email()).matches()) {
            throw AdminProblem.invalid("email is not an email address");
        }
        if (input.phone() != null && !input.phone().isEmpty() && !PHONE.matcher(input.phone()).matches()) {
            throw AdminProblem.invalid("phone is 5 to 20 digits, optionally with a leading + and spaces or dashes");
        }
        if (input.status() != null && !User.ACTIVE.equals(input.status()) && !User.DISABLED.equals(input.status())) {
            throw AdminProblem.invalid("status is active or disabled");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
