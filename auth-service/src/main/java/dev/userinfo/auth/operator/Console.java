package dev.userinfo.auth.operator;

import dev.userinfo.auth.operatoridentity.OperatorTokens;
import dev.userinfo.auth.page.FormBody;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.session.LoginResource;
import dev.userinfo.auth.session.Sessions;
import dev.userinfo.auth.session.SignedIn;
import dev.userinfo.auth.session.SignedInForm;
import dev.userinfo.auth.user.PlatformRole;
import dev.userinfo.auth.user.User;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every console page and form goes through: signed in (a page sends the browser to the login page, a form is
 * 401), CSRF on forms (403), a platform role of operator or auditor (everyone else: the 403 page, nothing called), and
 * the operator's console token for the admin API calls the page makes.
 */
@ApplicationScoped
public class Console {

    /** An admin API id as a path segment: digits (users, apps' appid, orgs), or a client_id's characters. */
    static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{3,64}");

    /** The signed-in operator (or auditor), their role and the console token of this request. */
    public record Operator(SignedIn user, PlatformRole role, String token) {
    }

    /** What every console page shows around its content: who is signed in, the form token, notices and problems. */
    public record Frame(String userName, String csrf, String role, String notice, List<String> problems) {
        public boolean readOnly() {
            return PlatformRole.AUDITOR.value().equals(role);
        }
    }

    @FunctionalInterface
    public interface PageAction {
        Uni<Response> apply(Operator operator, Locale locale);
    }

    @FunctionalInterface
    public interface FormAction {
        Uni<Response> apply(Operator operator, FormBody form, Locale locale);
    }

    private final Sessions sessions;
    private final OperatorTokens tokens;

    public Console(Sessions sessions, OperatorTokens tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    /** A console page at {@code path}: not signed in goes to the login page, which comes back here. */
    public Uni<Response> page(HttpHeaders headers, String path, PageAction action) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return sessions.current(headers).chain(user -> user == null
                ? Uni.createFrom().item(Pages.seeOther(LoginResource.loginUrl(path)))
                : asOperator(user, locale, operator -> action.apply(operator, locale)));
    }

    /** A console form: session and CSRF first (SignedInForm), then the role; only then does {@code action} run. */
    public Uni<Response> form(HttpHeaders headers, byte[] body, FormAction action) {
        return SignedInForm.handle(sessions, headers, body, (user, form, locale) ->
                asOperator(user, locale, operator -> action.apply(operator, form, locale)));
    }

    private Uni<Response> asOperator(SignedIn user, Locale locale, java.util.function.Function<Operator, Uni<Response>> next) {
        // The role is read for the page; the token's scopes come from the role as OperatorTokens reads it at mint time.
        return Panache.withSession(() -> User.<User>findById(user.userId())).chain(found -> {
            var role = found == null ? java.util.Optional.<PlatformRole>empty() : PlatformRole.of(found.platformRole);
            return role.isEmpty() ? Uni.createFrom().item(forbidden(locale))
                    : tokens.mint(user.userId()).chain(token -> token.isEmpty() ? Uni.createFrom().item(forbidden(locale))
                            : next.apply(new Operator(user, role.get(), token.get().value())));
        });
    }

    static Response forbidden(Locale locale) {
        return Pages.error(Pages.Problem.FORBIDDEN, locale, text(locale).forbidden());
    }

    static OperatorText text(Locale locale) {
        return Lang.chinese(locale) ? MessageBundles.get(OperatorText.class, Localized.Literal.of("zh"))
                : MessageBundles.get(OperatorText.class);
    }

    static Frame frame(Operator operator, String notice, List<ApiAnswer> answers) {
        List<String> problems = new ArrayList<>();
        for (ApiAnswer answer : answers) {
            if (answer != null && !answer.ok()) {
                problems.add(answer.message());
            }
        }
        return new Frame(operator.user().name(), operator.user().csrfToken(), operator.role().value(), notice, problems);
    }

    /**
     * The page's status: the first refusal's when it is about the operator's request (400, 403, 404, 409); 502 when
     * the console could not use the API (no answer, a refused console token, a server error).
     */
    static int status(List<ApiAnswer> answers) {
        for (ApiAnswer answer : answers) {
            if (answer != null && !answer.ok()) {
                return List.of(400, 403, 404, 409).contains(answer.status()) ? answer.status() : 502;
            }
        }
        return 200;
    }

    static Response render(int status, TemplateInstance template, Locale locale) {
        return Pages.html(status, template, locale);
    }

    /** A form field as typed, stripped; "" when absent. */
    static String field(FormBody form, String name) {
        String value = form.single(name);
        return value == null ? "" : value.strip();
    }

    static Response notFound(Locale locale) {
        return Pages.error(Pages.Problem.NOT_FOUND, locale, null);
    }
}
