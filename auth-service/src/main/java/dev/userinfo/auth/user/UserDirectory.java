package dev.userinfo.auth.user;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.delivery.UserEventOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.regex.Pattern;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The users: the rules of a valid user, and every change, each written with its outbox event in one
 * transaction (docs/internal-contracts.md §3).
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
    private final UserEventOutbox outbox;
    private final AuthConfig config;

    public UserDirectory(PasswordHasher passwords, UserEventOutbox outbox, AuthConfig config) {
        this.passwords = passwords;
        this.outbox = outbox;
        this.config = config;
    }

    /** Creates a user and its {@code user.created} event. */
    public Uni<User> create(UserInput input) {
        try {
            validateNew(input);
        } catch (UserException e) {
            return Uni.createFrom().failure(e);
        }
        return passwords.hashOffLoop(input.password()).chain(hash -> Panache.withTransaction(() -> {
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
            return user.<User>persistAndFlush().call(saved -> outbox.append("user.created", saved));
        })).onFailure(ConstraintViolationException.class)
                .transform(e -> UserException.conflict("login or email is already taken"));
    }

    public Uni<User> find(long id) {
        return Panache.withSession(() -> User.<User>findById(id));
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
            throw UserException.invalid("a JSON body is required");
        }
        if (input.login() == null || !LOGIN.matcher(input.login()).matches()) {
            throw UserException.invalid("login is required: 2 to 64 letters, digits, '.', '_' or '-'");
        }
        validatePassword(input.password());
        validateProfile(input);
    }

    void validatePassword(String password) {
        if (password == null || password.length() < config.passwords().minLength()) {
            throw UserException.invalid("password is required, at least " + config.passwords().minLength() + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw UserException.invalid("password is longer than " + MAX_PASSWORD + " characters");
        }
    }

    void validateProfile(UserInput input) {
        if (input.displayName() != null && (input.displayName().length() > MAX_DISPLAY_NAME
                || input.displayName().chars().anyMatch(Character::isISOControl))) {
            throw UserException.invalid("display_name is at most " + MAX_DISPLAY_NAME + " characters, no control characters");
        }
        if (input.email() != null && !input.email().isEmpty() && !EMAIL.matcher(input.email()).matches()) {
            throw UserException.invalid("email is not an email address");
        }
        if (input.phone() != null && !input.phone().isEmpty() && !PHONE.matcher(input.phone()).matches()) {
            throw UserException.invalid("phone is 5 to 20 digits, optionally with a leading + and spaces or dashes");
        }
        if (input.status() != null && !User.ACTIVE.equals(input.status()) && !User.DISABLED.equals(input.status())) {
            throw UserException.invalid("status is active or disabled");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
